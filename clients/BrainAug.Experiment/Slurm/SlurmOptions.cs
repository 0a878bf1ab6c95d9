namespace BrainAug.Experiment.Slurm;

/// <summary>
/// What a cluster asks of every job the slurm executor submits, from the command line: each is written into the job
/// script as an #SBATCH line (null: the cluster's default), <paramref name="Extra"/> verbatim after them.
/// <paramref name="PollSeconds"/> is how often the experiment asks Slurm how its jobs are doing.
/// </summary>
public sealed record SlurmOptions(
    string? Partition, string? Account, string? Time, string? Memory, string? Gres, IReadOnlyList<string> Extra, int PollSeconds)
{
    /// <summary>Every task's sbatch options: one task on one CPU (every training runs on one thread, as locally), then
    /// the cluster's, in the order sbatch's manual lists them.</summary>
    public IEnumerable<string> SbatchOptions()
    {
        yield return "--ntasks=1";
        yield return "--cpus-per-task=1";
        if (Partition is not null) yield return $"--partition={Partition}";
        if (Account is not null) yield return $"--account={Account}";
        if (Time is not null) yield return $"--time={Time}";
        if (Memory is not null) yield return $"--mem={Memory}";
        if (Gres is not null) yield return $"--gres={Gres}";
        foreach (var extra in Extra) yield return extra;
    }
}
