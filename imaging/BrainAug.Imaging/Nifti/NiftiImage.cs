namespace BrainAug.Imaging.Nifti;

/// <summary>
/// A NIfTI image in memory: its header and its voxel values as float32 after scl_slope/scl_inter,
/// in file order (first axis fastest: index = x + nx*(y + ny*(z + nz*t))).
/// </summary>
public sealed class NiftiImage
{
    public NiftiImage(NiftiHeader header, float[] data)
    {
        if (data.LongLength != header.VoxelCount)
            throw new ArgumentException($"data holds {data.LongLength} values but shape {string.Join('x', header.Shape)} needs {header.VoxelCount}", nameof(data));
        Header = header;
        Data = data;
    }

    public NiftiHeader Header { get; }

    public float[] Data { get; }

    public int[] Shape => Header.Shape;

    /// <summary>Voxel-to-world (mm) affine, 4x4 row-major: sform, else qform, else from pixdim.</summary>
    public double[,] Affine => NiftiAffine.Best(Header);

    /// <summary>A new image with the given shape, values and affine, stored on disk as <paramref name="dataType"/>.</summary>
    public static NiftiImage Create(int[] shape, float[] data, double[,] affine, NiftiDataType dataType, string description = "")
    {
        if (shape.Length is < 1 or > 7 || shape.Any(size => size is < 1 or > short.MaxValue))
            throw new ArgumentException($"shape {string.Join('x', shape)} is not a NIfTI-1 shape (1-7 axes, each 1..32767)", nameof(shape));
        var header = new NiftiHeader
        {
            Shape = (int[])shape.Clone(),
            DataType = dataType,
            Description = description,
        };
        NiftiAffine.Store(header, affine);
        return new NiftiImage(header, data);
    }
}
