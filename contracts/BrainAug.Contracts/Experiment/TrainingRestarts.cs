namespace BrainAug.Contracts.Experiment;

/// <summary>
/// restarts.json in an experiment's run folder: every training (and every augmentation or evaluation whose server
/// failed it) the experiment had to start again, written by brainaug-experiment as it happens (so it survives the
/// experiment being killed) and read by brainaug-report, which says in the report which were started again and why. No file: nothing was restarted.
/// </summary>
public sealed record TrainingRestarts : IContract
{
    public const string FileName = "restarts.json";

    public static int CurrentSchemaVersion => 1;

    public static string Remedy => "delete it (it only lists past restarts) or rerun the experiment with this build";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public IReadOnlyList<TrainingRestart> Restarts { get; init; } = [];

    /// <summary>The restarts recorded in <paramref name="runFolder"/> (none when it holds no restarts.json).</summary>
    public static TrainingRestarts In(string runFolder)
    {
        var path = Path.Combine(runFolder, FileName);
        return File.Exists(path) ? ContractFile.Read<TrainingRestarts>(path) : new TrainingRestarts();
    }
}

/// <summary>One restart: the stage (e.g. seg-real-s1), when, why (the tool's exit status, or the experiment's own
/// interruption), and whether it resumed from its last checkpoint or kept its finished work (false: it started afresh).</summary>
public sealed record TrainingRestart(string Stage, DateTimeOffset At, string Reason, bool FromCheckpoint);
