using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Generation;
using BrainAug.Experiment.Slurm;

namespace BrainAug.Experiment;

/// <summary>What the command line asked for, checked. <paramref name="SegPrecision"/> is the Seg-DNN trainings'
/// --precision (auto, fp32 or bf16); <paramref name="Slurm"/> is set with --executor slurm; <paramref name="GeneratorSeed"/>
/// seeds both generators' trainings and the augmentation (the Seg-DNNs have their own, 1..Seeds);
/// <paramref name="TransformSynthetic"/> asks for the trainer's --transform-synthetic in every arm that trains on
/// synthetic pairs (the preset may ask for it too); <paramref name="SyntheticPerReal"/> makes N x that many synthetic
/// pairs (the geometric copies stay N); <paramref name="Tumours"/> is the augmentation's --tumours (generated or real);
/// <paramref name="ComparatorSeeds"/> times Seeds Seg-DNNs train in the geometric arm (<see cref="ExperimentArms.Seeds"/>).</summary>
public sealed record ExperimentOptions(
    ExperimentPreset Preset, string? Data, string Run, int Seeds, int? Count, int Jobs, string CommandLine, string SegPrecision = "auto",
    SlurmOptions? Slurm = null, int GeneratorSeed = 1, bool TransformSynthetic = false, int SyntheticPerReal = 1,
    string Tumours = TumourSources.Generated, int ComparatorSeeds = 1)
{
    /// <summary>The Seg-DNN seeds one arm trains.</summary>
    public IReadOnlyList<int> SeedsOf(string arm) => ExperimentArms.Seeds(arm, Seeds, ComparatorSeeds);

    /// <summary>The synthetic pairs made for <paramref name="n"/> geometric copies.</summary>
    public int SyntheticPairs(int n) => n * SyntheticPerReal;

    /// <summary>The options that shape the results, as the command line spells them: what a Slurm task repeats and what
    /// a rerun must keep (--run, --jobs, --executor and the Slurm options change only where the stages run). Each entry
    /// is one option with its value; --data, --count, --transform-synthetic and --tumours only when given, and
    /// --comparator-seeds when not 1 (so that a run made before it existed reruns with the same options).</summary>
    public IReadOnlyList<string[]> ResultArguments()
    {
        List<string[]> arguments =
        [
            ["--preset", Preset.Name], ["--seeds", Text(Seeds)], ["--generator-seed", Text(GeneratorSeed)],
            ["--seg-precision", SegPrecision], ["--synthetic-per-real", Text(SyntheticPerReal)],
        ];
        if (Data is { } data) arguments.Add(["--data", data]);
        if (Count is { } count) arguments.Add(["--count", Text(count)]);
        if (TransformSynthetic) arguments.Add(["--transform-synthetic"]);
        if (Tumours != TumourSources.Generated) arguments.Add(["--tumours", Tumours]);
        if (ComparatorSeeds != 1) arguments.Add(["--comparator-seeds", Text(ComparatorSeeds)]);
        return arguments;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
