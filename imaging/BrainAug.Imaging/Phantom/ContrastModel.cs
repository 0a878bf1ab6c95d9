using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Phantom;

/// <summary>
/// Relative signal (0..1) of each tissue and tumour class in each contrast, following the usual
/// appearance of glioblastoma on BraTS scans: CSF bright on T2 but dark on FLAIR, edema brightest on
/// FLAIR, the enhancing rim brightest on T1ce around a dark necrotic core.
/// </summary>
internal static class ContrastModel
{
    // Rows: white matter, grey matter, CSF, edema, enhancing rim, necrotic core.
    // Columns: Modality order FLAIR, T1, T1ce, T2.
    private static readonly double[,] Signal =
    {
        { 0.42, 0.85, 0.85, 0.30 },
        { 0.55, 0.60, 0.62, 0.55 },
        { 0.10, 0.20, 0.20, 1.00 },
        { 0.95, 0.45, 0.47, 0.90 },
        { 0.78, 0.48, 1.00, 0.72 },
        { 0.55, 0.24, 0.20, 0.92 },
    };

    /// <summary>Relative signal for a voxel with tissue fractions, a tumour label and a texture value in [-1, 1].</summary>
    public static double Relative(Modality modality, double csf, double grey, double white, byte label, double texture)
    {
        var m = (int)modality;
        var tissue = white * Signal[0, m] + grey * Signal[1, m] + csf * Signal[2, m];
        return label switch
        {
            TumourLabels.Edema => 0.15 * tissue + 0.85 * Signal[3, m] * (1 + 0.06 * texture),
            TumourLabels.Enhancing => 0.1 * tissue + 0.9 * Signal[4, m] * (1 + 0.12 * texture),
            // Necrosis is heterogeneous on FLAIR ("mixed"): let the texture swing it widely there.
            TumourLabels.NecroticCore => Signal[5, m] * (1 + (modality == Modality.Flair ? 0.45 : 0.1) * texture),
            _ => tissue,
        };
    }
}
