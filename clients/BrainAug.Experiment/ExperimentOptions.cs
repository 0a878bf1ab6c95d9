using BrainAug.Experiment.Slurm;

namespace BrainAug.Experiment;

/// <summary>What the command line asked for, checked. <paramref name="SegPrecision"/> is the Seg-DNN trainings'
/// --precision (auto, fp32 or bf16); <paramref name="Slurm"/> is set with --executor slurm.</summary>
public sealed record ExperimentOptions(
    ExperimentPreset Preset, string? Data, string Run, int Seeds, int? Count, int Jobs, string CommandLine, string SegPrecision = "auto",
    SlurmOptions? Slurm = null);
