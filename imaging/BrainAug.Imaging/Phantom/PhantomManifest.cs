namespace BrainAug.Imaging.Phantom;

/// <summary>phantom.json: how a phantom dataset was made, so it can be cited and remade byte for byte.</summary>
public sealed record PhantomManifest(
    string Notice,
    string Generator,
    string Command,
    ulong Seed,
    int[] Shape,
    string Anatomy,
    IReadOnlyList<PhantomCaseRecord> Cases);

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
    long EnhancingVoxels);
