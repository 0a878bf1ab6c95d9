using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets;

/// <summary>Which axial slices of a case to take.</summary>
public sealed record SlicePolicy
{
    private SlicePolicy(SlicePolicyKind kind, int index, int minTumourVoxels)
    {
        Kind = kind;
        Index = index;
        MinTumourVoxels = minTumourVoxels;
    }

    public SlicePolicyKind Kind { get; }

    /// <summary>The z index of <see cref="SlicePolicyKind.Fixed"/>.</summary>
    public int Index { get; }

    /// <summary>For <see cref="SlicePolicyKind.WithTumour"/>: least target voxels a slice must hold.</summary>
    public int MinTumourVoxels { get; }

    /// <summary>One fixed slice per case; the study used z = 77.</summary>
    public static SlicePolicy Fixed(int index) => new(SlicePolicyKind.Fixed, index, 0);

    /// <summary>Every slice with at least <paramref name="minVoxels"/> voxels of the target.</summary>
    public static SlicePolicy WithTumour(int minVoxels = 1) => new(SlicePolicyKind.WithTumour, 0, Math.Max(1, minVoxels));

    public static SlicePolicy All { get; } = new(SlicePolicyKind.All, 0, 0);

    /// <summary>One slice per case, the one with the most target voxels (ties: the lowest z); a case without the
    /// target gives the slice with the most tumour of any label, and one without tumour its middle slice. The
    /// study's one slice per patient, chosen where the target is rather than at a fixed z.</summary>
    public static SlicePolicy MostTumour { get; } = new(SlicePolicyKind.MostTumour, 0, 0);

    /// <summary>Parses "z77" (or "fixed:77"), "tumour" (or "tumour:50"), "max", "all".</summary>
    public static SlicePolicy Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "all") return All;
        if (value == "max") return MostTumour;
        if (value == "tumour" || value == "tumor") return WithTumour();
        if ((value.StartsWith("tumour:") || value.StartsWith("tumor:")) && int.TryParse(value[(value.IndexOf(':') + 1)..], out var min) && min > 0)
            return WithTumour(min);
        var digits = value.StartsWith("fixed:") ? value[6..] : value.StartsWith('z') ? value[1..] : null;
        if (digits is not null && int.TryParse(digits, out var index) && index >= 0) return Fixed(index);
        throw new FormatException($"unknown slice policy '{text}'; expected z<index> (e.g. z77), tumour[:<min voxels>], max or all");
    }

    public override string ToString() => Kind switch
    {
        SlicePolicyKind.Fixed => $"z{Index}",
        SlicePolicyKind.WithTumour => $"tumour:{MinTumourVoxels}",
        SlicePolicyKind.MostTumour => "max",
        _ => "all",
    };
}

public enum SlicePolicyKind
{
    Fixed,
    WithTumour,
    MostTumour,
    All,
}

/// <summary>Per-volume intensity normalisation, applied before slicing.</summary>
public enum Normalisation
{
    /// <summary>Scanner units as stored.</summary>
    None,

    /// <summary>(v - min) / (max - min) over the volume: [0, 1], as the study did.</summary>
    MinMax,

    /// <summary>(v - mean) / std over brain (non-zero) voxels; background stays 0.</summary>
    ZScoreBrain,
}

/// <summary>How cases become 2-D training slices.</summary>
public sealed record SliceOptions
{
    /// <summary>Image channels, in this order. Default: T1ce only, as in the study.</summary>
    public IReadOnlyList<Modality> Modalities { get; init; } = [Modality.T1ce];

    /// <summary>A binary target region (et, tc or wt), or null for multi-class labels 0..3 (<see cref="TumourLabels"/>).
    /// Default: enhancing tumour, as in the study.</summary>
    public TargetRegion? Region { get; init; } = TargetRegion.Et;

    public SlicePolicy Policy { get; init; } = SlicePolicy.Fixed(77);

    public Normalisation Normalisation { get; init; } = Normalisation.MinMax;

    /// <summary>Output side in pixels: slices are zero-padded to a square (side max(W, H)), then resized.</summary>
    public int Size { get; init; } = 240;
}
