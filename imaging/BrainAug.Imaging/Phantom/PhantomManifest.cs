namespace BrainAug.Imaging.Phantom;

/// <summary>phantom.json: how a phantom dataset was made, so it can be cited and remade byte for byte.</summary>
public sealed record PhantomManifest(
    string Notice,
    string Generator,
    string Command,
    ulong Seed,
    int[] Shape,
    string Anatomy,
    IReadOnlyList<PhantomCaseRecord> Cases)
{
    /// <summary>"realistic"; absent (null) for the easy phantom, whose phantom.json predates it.</summary>
    public string? Difficulty { get; init; }
}

/// <summary>One case: its tumour's parameters and label volumes (voxels = mm^3).</summary>
public sealed record PhantomCaseRecord(
    string Id,
    double[] TumourCentreMm,
    double TumourRadiusMm,
    double CoreFraction,
    double EdemaReach,
    double MassEffectMm,
    long NecroticVoxels,
    long EdemaVoxels,
    long EnhancingVoxels)
{
    /// <summary>Every focus (realistic phantom only; null for the easy phantom).</summary>
    public IReadOnlyList<PhantomLesionRecord>? Lesions { get; init; }

    /// <summary>The case's acquisition (realistic phantom only).</summary>
    public PhantomAcquisitionRecord? Acquisition { get; init; }
}

/// <summary>One focus of a realistic case: its region of the location prior, centre, tumour-core volume and pattern.</summary>
public sealed record PhantomLesionRecord(string Region, double[] CentreMm, double CoreVolumeMl, string Enhancement);

/// <summary>A realistic case's acquisition: contrast gamma, noise (fraction of white matter), bias strength, through-plane blur.</summary>
public sealed record PhantomAcquisitionRecord(double Gamma, double NoiseLevel, double BiasStrength, double BlurSigmaMm);
