using BrainAug.Experiment.Slurm;

namespace BrainAug.Experiment;

/// <summary>What the command line asked for, checked. <paramref name="SegPrecision"/> is the Seg-DNN trainings'
/// --precision (auto, fp32 or bf16); <paramref name="Slurm"/> is set with --executor slurm; <paramref name="GeneratorSeed"/>
/// seeds both generators' trainings and the augmentation (the Seg-DNNs have their own, 1..Seeds);
/// <paramref name="TransformSynthetic"/> asks for the trainer's --transform-synthetic in every arm that trains on
/// synthetic pairs (the preset may ask for it too); <paramref name="SyntheticPerReal"/> makes N x that many synthetic
/// pairs (the geometric copies stay N).</summary>
public sealed record ExperimentOptions(
    ExperimentPreset Preset, string? Data, string Run, int Seeds, int? Count, int Jobs, string CommandLine, string SegPrecision = "auto",
    SlurmOptions? Slurm = null, int GeneratorSeed = 1, bool TransformSynthetic = false, int SyntheticPerReal = 1);
