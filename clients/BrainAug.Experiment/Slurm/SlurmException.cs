namespace BrainAug.Experiment.Slurm;

/// <summary>Slurm cannot take the experiment's jobs (its commands missing, no controller answering, an option the
/// cluster refuses): the user's to fix, so the experiment stops with one line and exit status 2.</summary>
public sealed class SlurmException(string message) : Exception(message);
