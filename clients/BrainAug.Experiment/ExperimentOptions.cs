namespace BrainAug.Experiment;

/// <summary>What the command line asked for, checked.</summary>
public sealed record ExperimentOptions(
    ExperimentPreset Preset, string? Data, string Run, int Seeds, int? Count, int Jobs, string CommandLine);
