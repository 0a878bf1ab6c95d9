using System.Text.Json.Serialization;

namespace BrainAug.Contracts.Training;

/// <summary>The training target: one binary region (enhancing tumour, tumour core, whole tumour), the internal
/// classes (softmax), or BraTS's three nested regions at once (WT, TC, ET as three sigmoid channels, as BraTS
/// winners and nnU-Net's region-based training do).</summary>
public enum TargetRegion
{
    Et,
    Tc,
    Wt,
    Multiclass,
    Regions,
}

/// <summary>Geometric augmentation of the Seg-DNN's training set.</summary>
public enum Augmentation
{
    None,

    /// <summary>The study's "real + N transformed copies", fixed before training.</summary>
    Copies,

    Online,
}

public enum SegLoss
{
    /// <summary>The study's binary cross-entropy.</summary>
    Bce,

    /// <summary>Plus a soft Dice term over the batch, as nnU-Net trains.</summary>
    [JsonStringEnumMemberName("bce+dice")]
    BceDice,
}

/// <summary>How the Seg-DNN's last layer starts.</summary>
public enum HeadBias
{
    /// <summary>The network's own initialisation (the study's).</summary>
    Default,

    /// <summary>The bias at the log-odds of each class's share of the training pixels.</summary>
    Prior,
}

public enum Precision
{
    Fp32,

    /// <summary>bf16 compute, fp32 master weights and Adam state.</summary>
    Bf16,

    /// <summary>bf16 where the device computes it natively, else fp32 (a run summary records the choice).</summary>
    Auto,
}

/// <summary>What the Brain Generator is conditioned on.</summary>
public enum BrainCondition
{
    /// <summary>The tumour label map only (the study).</summary>
    Label,

    /// <summary>Plus the brain mask of a real slice.</summary>
    [JsonStringEnumMemberName("label+outline")]
    LabelOutline,

    /// <summary>A real slice with the region around the tumour blanked, the region, and the tumour label: the generator
    /// paints only inside the region (as GliGAN and medigan's BraTS model do).</summary>
    Inpaint,
}
