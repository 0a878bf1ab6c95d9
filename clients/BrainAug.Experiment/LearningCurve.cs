using BrainAug.Contracts.Data;
using BrainAug.Contracts.Experiment;
using BrainAug.Imaging.Common;

namespace BrainAug.Experiment;

/// <summary>
/// A learning curve (--preset cpu-curve): the experiment once per number of real training cases, each point a whole
/// run folder RUN/nNNN (with its own generators, synthetic pairs, evaluation and report), all on one dataset (the
/// preset's phantom, written once into RUN/data, or --data) and one split: the same validation and test cases at every
/// point, and training cases cut to nested subsets (a point's cases include every smaller point's), so the points
/// differ only in how many real cases the networks learn from. Then brainaug-report curve draws Dice against the cases
/// per arm and the exchange rate (how many real cases the synthetic pairs are worth) into RUN/curve.
/// </summary>
public sealed class LearningCurve(ExperimentOptions options, Tools tools)
{
    private const ulong SubsetSeed = 0xC0_12_5E;

    public static string PointFolder(string run, int cases) => Path.Combine(run, $"n{cases:D3}");

    /// <summary>The split with its first <paramref name="cases"/> training cases in one fixed seeded order, so every
    /// smaller subset lies inside every larger one; validation and test are untouched.</summary>
    public static SplitFile KeepTrainingCases(SplitFile split, int cases)
    {
        if (cases < 1 || cases > split.Train.Count)
            throw new InvalidOperationException($"a curve point asks for {cases} training cases; the split has {split.Train.Count}");
        var order = split.Train.ToList();
        new SeededRandom(SubsetSeed).Shuffle(order);
        var kept = order.Take(cases).ToHashSet(StringComparer.Ordinal);
        return split with { Train = [.. split.Train.Where(kept.Contains)] };
    }

    public async Task RunAsync()
    {
        var layout = new ExperimentLayout(options.Run);
        Directory.CreateDirectory(layout.Stages);
        Directory.CreateDirectory(layout.Logs);
        var stages = new Stages(layout, options.Jobs);
        var preset = options.Preset;
        Stages.Say($"learning curve in {options.Run} (preset {preset.Name}: {string.Join(", ", preset.CurveCases)} real training cases, {options.Seeds} seed(s))");
        if (options.Data is null)
            await stages.RunAsync("data", async s =>
            {
                if (Directory.Exists(layout.Phantom)) Directory.Delete(layout.Phantom, recursive: true);
                await s.ToolAsync(tools.Trainer, new StageCommands(options).Phantom);
            });
        foreach (var cases in preset.CurveCases)
        {
            var point = options with { Preset = preset.CurvePoint!(cases), Data = options.Data ?? layout.Phantom, Run = PointFolder(options.Run, cases) };
            Stages.Say($"curve point: {cases} real training cases, in {point.Run}");
            await new ExperimentRunner(point, tools).RunAsync();
        }
        var curve = Path.Combine(options.Run, "curve");
        await stages.RunAsync("curve", async s =>
        {
            if (Directory.Exists(curve)) Directory.Delete(curve, recursive: true);
            await s.ToolAsync(tools.Report, ["curve", "--run", options.Run]);
        });
        Stages.Say($"done: {Path.Combine(curve, "curve.md")} (also curve.png, curve.json); each point's report in its folder");
    }
}
