namespace BrainAug.Contracts.Experiment;

/// <summary>
/// slurm/jobs.json in an experiment's run folder run with <c>--executor slurm</c>: for every stage submitted to Slurm,
/// the job ids Slurm gave its submissions, oldest first ("12_3": task 3 of array job 12). Written by brainaug-experiment
/// after every submission, so that a rerun follows the jobs still queued or running instead of submitting them again;
/// copied into experiment.json and the report at the end.
/// </summary>
public sealed record SlurmJobs : IContract
{
    public const string FileName = "jobs.json";

    public static int CurrentSchemaVersion => 1;

    public static string Remedy => "let the jobs it names finish (or scancel them), delete it, and rerun the experiment with this build";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Stages { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The stage's newest job id, or null when it was never submitted.</summary>
    public string? Latest(string stage) => Stages.TryGetValue(stage, out var ids) && ids.Count > 0 ? ids[^1] : null;

    public SlurmJobs With(string stage, string jobId)
    {
        var stages = new Dictionary<string, IReadOnlyList<string>>(Stages)
        {
            [stage] = [.. Stages.TryGetValue(stage, out var ids) ? ids : [], jobId],
        };
        return this with { Stages = stages };
    }

    /// <summary>The jobs recorded in <paramref name="path"/> (none when the file does not exist).</summary>
    public static SlurmJobs In(string path) => File.Exists(path) ? ContractFile.Read<SlurmJobs>(path) : new SlurmJobs();
}
