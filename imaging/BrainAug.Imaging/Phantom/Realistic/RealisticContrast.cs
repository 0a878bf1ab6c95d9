using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Phantom.Realistic;

/// <summary>
/// Relative signal (about 0..1) of tissues, lesion parts and mimics in the realistic phantom, columns in
/// <see cref="Modalities.All"/> order (FLAIR, T1, T1ce, T2). Normal tissue as the easy phantom; lesion parts vary
/// with the lesion's own enhancement strength and texture, so tumour intensities overlap those of normal structures.
/// </summary>
internal static class RealisticContrast
{
    private static readonly double[] White = [0.42, 0.85, 0.85, 0.30];
    private static readonly double[] Grey = [0.55, 0.60, 0.62, 0.55];
    private static readonly double[] Csf = [0.10, 0.20, 0.20, 1.00];
    private static readonly double[] Edema = [0.95, 0.45, 0.47, 0.90];
    private static readonly double[] EnhancingRim = [0.78, 0.48, 0.0, 0.72]; // T1ce from the lesion's strength
    private static readonly double[] Necrosis = [0.55, 0.24, 0.20, 0.92];
    private static readonly double[] SolidTumour = [0.85, 0.45, 0.52, 0.82];
    private static readonly double[] WhiteMatterSpot = [0.90, 0.72, 0.74, 0.80];

    public static double Tissue(int modality, double csf, double grey, double white) =>
        white * White[modality] + grey * Grey[modality] + csf * Csf[modality];

    /// <summary>A lesion voxel: <paramref name="texture"/> in [-1, 1], <paramref name="strength"/> in 0.55..1.</summary>
    public static double Lesion(int modality, double tissue, byte label, bool solid, double strength, double texture) => label switch
    {
        TumourLabels.Edema => 0.15 * tissue + 0.85 * Edema[modality] * (1 + 0.1 * texture),
        TumourLabels.Enhancing => 0.1 * tissue + 0.9 * (modality == 2 ? 0.45 + 0.55 * strength : EnhancingRim[modality]) * (1 + 0.2 * texture),
        _ when solid => SolidTumour[modality] * (1 + 0.15 * texture),
        _ => Necrosis[modality] * (1 + (modality == 0 ? 0.45 : 0.15) * texture),
    };

    /// <summary>A small white-matter hyperintensity (FLAIR/T2 bright, no enhancement), blended by its partial volume.</summary>
    public static double Spot(int modality, double tissue, double weight) => (1 - weight) * tissue + weight * WhiteMatterSpot[modality];
}
