using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>
/// A k-fold cross-validation over cases (--preset cpu-folds): the experiment once per fold, each fold a whole run
/// folder RUN/foldN (its own split with fold N as the test cases, its own generators, synthetic pairs, evaluation and
/// report), all on one dataset (the preset's phantom, written once into RUN/data, or --data). Then brainaug-report
/// folds pools every fold's test cases into one verdict with intervals that also cover the folds' training draws
/// (RUN/folds).
/// </summary>
public sealed class FoldedExperiment(ExperimentOptions options, Tools tools)
{
    public static string FoldFolder(string run, int fold) => Path.Combine(run, $"fold{fold}");

    /// <summary>The options of one fold's experiment, given the whole cross-validation's (a Slurm task's --run is
    /// already the fold's folder, and its --data the shared dataset).</summary>
    public static ExperimentOptions ForFold(ExperimentOptions options, int fold) =>
        options with { Preset = options.Preset with { Fold = fold } };

    public async Task RunAsync()
    {
        var layout = new ExperimentLayout(options.Run);
        Directory.CreateDirectory(layout.Stages);
        Directory.CreateDirectory(layout.Logs);
        var stages = new Stages(layout, options.Jobs);
        var preset = options.Preset;
        Stages.Say($"{preset.Folds}-fold cross-validation in {options.Run} (preset {preset.Name}, {ExperimentRunner.SeedsSaid(options)} per fold)");
        if (options.Data is null)
            await stages.RunAsync("data", async s =>
            {
                if (Directory.Exists(layout.Phantom)) Directory.Delete(layout.Phantom, recursive: true);
                await s.ToolAsync(tools.Trainer, new StageCommands(options).Phantom);
            });
        for (var fold = 1; fold <= preset.Folds; fold++)
        {
            var run = ForFold(options, fold) with { Data = options.Data ?? layout.Phantom, Run = FoldFolder(options.Run, fold) };
            Stages.Say($"fold {fold} of {preset.Folds}, in {run.Run}");
            await new ExperimentRunner(run, tools).RunAsync();
        }
        var pooled = Path.Combine(options.Run, "folds");
        await stages.RunAsync("folds", async s =>
        {
            if (Directory.Exists(pooled)) Directory.Delete(pooled, recursive: true);
            await s.ToolAsync(tools.Report, ["folds", "--run", options.Run]);
        });
        Stages.Say($"done: {Path.Combine(pooled, "folds.md")} (also folds.json); each fold's report in its folder");
    }
}
