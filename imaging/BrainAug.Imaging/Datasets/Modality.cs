namespace BrainAug.Imaging.Datasets;

/// <summary>The four BraTS MRI contrasts, in MSD Task01's channel order (FLAIR, T1w, T1gd, T2w).</summary>
public enum Modality
{
    Flair = 0,
    T1 = 1,
    T1ce = 2,
    T2 = 3,
}

public static class Modalities
{
    public static readonly IReadOnlyList<Modality> All = [Modality.Flair, Modality.T1, Modality.T1ce, Modality.T2];

    /// <summary>The BraTS file-name suffix: flair, t1, t1ce, t2.</summary>
    public static string FileSuffix(Modality modality) => modality.ToString().ToLowerInvariant();

    /// <summary>Parses "flair", "t1", "t1ce" (also "t1gd"), "t2" (case-insensitive).</summary>
    public static Modality Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "flair" => Modality.Flair,
        "t1" or "t1w" => Modality.T1,
        "t1ce" or "t1gd" or "t1c" => Modality.T1ce,
        "t2" or "t2w" => Modality.T2,
        _ => throw new FormatException($"unknown modality '{name}'; expected flair, t1, t1ce or t2"),
    };
}
