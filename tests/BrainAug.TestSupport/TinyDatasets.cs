using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;

namespace BrainAug.TestSupport;

/// <summary>
/// Writes tiny BraTS and MSD datasets (12 x 10 x 8 voxels) with known content: modality m of case k holds
/// 1000*(m+1) + k + voxel index inside the brain box and 0 outside; the tumour, in internal labels,
/// occupies slices 3..5 (see <see cref="InternalLabel"/>).
/// </summary>
public static class TinyDatasets
{
    public static readonly int[] Shape = [12, 10, 8];

    public static int VoxelCount => Shape[0] * Shape[1] * Shape[2];

    public static float Intensity(int caseIndex, Modality modality, int voxel)
    {
        var (x, y, _) = Coordinates(voxel);
        var inBrain = x is >= 1 and <= 10 && y is >= 1 and <= 8;
        return inBrain ? 1000 * ((int)modality + 1) + caseIndex + voxel : 0;
    }

    /// <summary>Internal label: enhancing ring around a necrotic voxel with edema beyond, on z = 3..5.</summary>
    public static byte InternalLabel(int voxel)
    {
        var (x, y, z) = Coordinates(voxel);
        if (z is < 3 or > 5) return TumourLabels.Background;
        var distance = Math.Max(Math.Abs(x - 6), Math.Abs(y - 5));
        return distance switch
        {
            0 when z == 4 => TumourLabels.NecroticCore,
            0 or 1 => TumourLabels.Enhancing,
            2 => TumourLabels.Edema,
            _ => TumourLabels.Background,
        };
    }

    public static void WriteBrats(string root, params string[] caseIds)
    {
        for (var k = 0; k < caseIds.Length; k++)
        {
            var directory = Path.Combine(root, caseIds[k]);
            foreach (var modality in Modalities.All)
                Write(Path.Combine(directory, $"{caseIds[k]}_{Modalities.FileSuffix(modality)}.nii.gz"), Shape, Volume(k, modality), NiftiDataType.Int16);
            var seg = Enumerable.Range(0, VoxelCount).Select(v => (float)TumourLabels.ToBrats(InternalLabel(v))).ToArray();
            Write(Path.Combine(directory, $"{caseIds[k]}_seg.nii.gz"), Shape, seg, NiftiDataType.UInt8);
        }
    }

    /// <summary>BraTS 2023+ naming (<c>&lt;case&gt;-t1c.nii.gz</c>, -t1n, -t2w, -t2f, -seg) and labels 0/1/2/3.</summary>
    public static void WriteBrats2023(string root, params string[] caseIds)
    {
        for (var k = 0; k < caseIds.Length; k++)
        {
            var directory = Path.Combine(root, caseIds[k]);
            foreach (var modality in Modalities.All)
                Write(Path.Combine(directory, $"{caseIds[k]}-{BratsNaming.Brats2023.Suffix(modality)}.nii.gz"), Shape, Volume(k, modality), NiftiDataType.Int16);
            var seg = Enumerable.Range(0, VoxelCount).Select(v => (float)ToBrats2023(InternalLabel(v))).ToArray();
            Write(Path.Combine(directory, $"{caseIds[k]}-seg.nii.gz"), Shape, seg, NiftiDataType.UInt8);
        }
    }

    public static void WriteMsd(string root, params string[] caseIds)
    {
        for (var k = 0; k < caseIds.Length; k++)
        {
            var image = Modalities.All.SelectMany(m => Volume(k, m)).ToArray();
            Write(Path.Combine(root, "imagesTr", caseIds[k] + ".nii.gz"), [.. Shape, 4], image, NiftiDataType.Float32);
            var label = Enumerable.Range(0, VoxelCount).Select(v => (float)ToMsd(InternalLabel(v))).ToArray();
            Write(Path.Combine(root, "labelsTr", caseIds[k] + ".nii.gz"), Shape, label, NiftiDataType.UInt8);
        }
    }

    public static void Write(string path, int[] shape, float[] data, NiftiDataType type) =>
        NiftiWriter.Write(path, NiftiImage.Create(shape, data, NiftiAffine.Identity(), type));

    private static float[] Volume(int caseIndex, Modality modality) =>
        Enumerable.Range(0, VoxelCount).Select(v => Intensity(caseIndex, modality, v)).ToArray();

    /// <summary>Written out here rather than taken from the loader, so that a wrong mapping there shows.</summary>
    private static byte ToBrats2023(byte label) => label switch
    {
        TumourLabels.NecroticCore => 1, // NETC
        TumourLabels.Edema => 2, // SNFH
        TumourLabels.Enhancing => 3, // ET
        _ => 0,
    };

    private static byte ToMsd(byte label) => label switch
    {
        TumourLabels.Edema => 1,
        TumourLabels.NecroticCore => 2,
        TumourLabels.Enhancing => 3,
        _ => 0,
    };

    private static (int X, int Y, int Z) Coordinates(int voxel) =>
        (voxel % Shape[0], voxel / Shape[0] % Shape[1], voxel / (Shape[0] * Shape[1]));
}
