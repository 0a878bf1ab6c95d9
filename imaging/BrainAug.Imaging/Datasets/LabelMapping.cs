using BrainAug.Imaging.Nifti;

namespace BrainAug.Imaging.Datasets;

/// <summary>Shared steps of case loading: reading with case-named errors, mapping source labels.</summary>
internal static class LabelMapping
{
    public static byte[] Convert(float[] source, Func<float, byte?> map, string caseId, string convention)
    {
        var labels = new byte[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            labels[i] = map(source[i])
                ?? throw new DatasetException($"case {caseId}: label value {source[i]} at voxel {i} is not in the {convention} convention");
        }
        return labels;
    }

    public static NiftiImage ReadNifti(string path, string caseId)
    {
        try
        {
            return NiftiReader.Read(path);
        }
        catch (Exception e) when (e is NiftiFormatException or IOException)
        {
            throw new DatasetException($"case {caseId}: {e.Message}", e);
        }
    }
}
