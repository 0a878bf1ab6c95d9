using BrainAug.Imaging.Nifti;

namespace BrainAug.Imaging.Datasets;

/// <summary>Shared steps of case loading: reading with case-named errors, mapping source labels.</summary>
internal static class LabelMapping
{
    public static byte[] Convert(float[] source, Func<float, byte?> map, string caseId, string convention, CaseBuffers? buffers = null)
    {
        var labels = buffers?.Labels(source.Length) ?? new byte[source.Length];
        // Neighbouring voxels mostly share a value: map each run once (NaN never equals itself, so it is always mapped).
        float last = float.NaN;
        byte lastLabel = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] != last)
            {
                lastLabel = map(source[i])
                    ?? throw new DatasetException($"case {caseId}: label value {source[i]} at voxel {i} is not in the {convention} convention");
                last = source[i];
            }
            labels[i] = lastLabel;
        }
        return labels;
    }

    /// <param name="role">What the file is to its case (a modality's name or "seg"), naming the array it reuses.</param>
    public static NiftiImage ReadNifti(string path, string caseId, CaseBuffers? buffers = null, string role = "")
    {
        try
        {
            if (buffers is null) return NiftiReader.Read(path);
            var image = NiftiReader.Read(path, reuse: buffers.Volume(role));
            buffers.Keep(role, image.Data);
            return image;
        }
        catch (Exception e) when (e is NiftiFormatException or IOException)
        {
            throw new DatasetException($"case {caseId}: {e.Message}", e);
        }
    }
}
