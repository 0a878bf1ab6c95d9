using BrainAug.Contracts.Generation;

namespace BrainAug.Contracts.Experiment;

/// <summary>
/// experiment.json at the top of an experiment's run folder, written by brainaug-experiment once the Seg-DNNs are
/// scored and read by brainaug-report: the command line that made the run (so a reader can make it again), the
/// preset, the data and split, and the plan as it was carried out (arms, seeds, N).
/// </summary>
public sealed record ExperimentRecord : IContract
{
    public const string FileName = "experiment.json";

    public static int CurrentSchemaVersion => 1;

    public static string Remedy => "rerun the experiment with this build (finished stages are kept)";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string CommandLine { get; init; }

    public required string Preset { get; init; }

    public required string GitCommit { get; init; }

    public required string Data { get; init; }

    /// <summary>The run's split.json, read by every stage.</summary>
    public required string SplitFile { get; init; }

    public required ulong SplitSeed { get; init; }

    public required int Seeds { get; init; }

    /// <summary>How many times <see cref="Seeds"/> the geometric arm trained (--comparator-seeds; 1 before it existed).</summary>
    public int ComparatorSeeds { get; init; } = 1;

    /// <summary>The Seg-DNN seeds one arm trained (<see cref="ExperimentArms.Seeds"/>).</summary>
    public IReadOnlyList<int> SeedsOf(string arm) => ExperimentArms.Seeds(arm, Seeds, ComparatorSeeds);

    /// <summary>The seed of both generators' trainings and of the augmentation (--generator-seed; 1 before it existed).</summary>
    public int GeneratorSeed { get; init; } = 1;

    /// <summary>The real arm's training images (from its run summary).</summary>
    public required int RealTrainingImages { get; init; }

    /// <summary>Synthetic pairs and geometric copies added (the study: N = the real training images).</summary>
    public required int N { get; init; }

    /// <summary>Synthetic pairs made per real training image (--synthetic-per-real; 1 before it existed): the
    /// synthetic arms train on N x this many pairs, the geometric copies stay N.</summary>
    public int SyntheticPerReal { get; init; } = 1;

    /// <summary>Where the synthetic pairs' new tumour maps came from (--tumours): "generated" (the tumour generator;
    /// every run before the option) or "real" (real training tumours, placed and painted).</summary>
    public string Tumours { get; init; } = TumourSources.Generated;

    public required IReadOnlyList<string> Arms { get; init; }

    /// <summary>Where the trainings ran: "local" (processes on this machine) or "slurm" (job arrays).</summary>
    public string Executor { get; init; } = "local";

    /// <summary>With the slurm executor, every stage's Slurm job ids, oldest first (see <see cref="Experiment.SlurmJobs"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? SlurmJobs { get; init; }
}
