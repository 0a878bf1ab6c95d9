namespace BrainAug.Imaging.Nifti;

/// <summary>
/// The NIfTI-1 header fields BrainAug uses. Fields not listed here (intent, slice timing, cal_min/max)
/// are read past and written as zero.
/// </summary>
public sealed class NiftiHeader
{
    public const int Size = 348;

    /// <summary>Image shape, dim[1..dim[0]]; the first axis varies fastest on disk.</summary>
    public int[] Shape { get; set; } = [1];

    public NiftiDataType DataType { get; set; } = NiftiDataType.Float32;

    /// <summary>pixdim[0..7]; pixdim[0] is qfac (±1), pixdim[1..3] are voxel sizes in mm.</summary>
    public float[] PixDim { get; set; } = [1, 1, 1, 1, 1, 1, 1, 1];

    /// <summary>Byte offset of the voxel data in a single-file (.nii) image.</summary>
    public float VoxOffset { get; set; } = 352;

    /// <summary>Stored value v maps to v*slope+inter; a slope of 0 (or NaN) means no scaling.</summary>
    public float SclSlope { get; set; }

    public float SclInter { get; set; }

    /// <summary>xyzt_units; 2 = millimetres, 8 = seconds, 10 = both.</summary>
    public byte XyztUnits { get; set; } = 10;

    public string Description { get; set; } = "";

    public short QformCode { get; set; }

    public short SformCode { get; set; }

    public float QuaternB { get; set; }

    public float QuaternC { get; set; }

    public float QuaternD { get; set; }

    public float QoffsetX { get; set; }

    public float QoffsetY { get; set; }

    public float QoffsetZ { get; set; }

    /// <summary>The three sform rows, 4 values each, row-major.</summary>
    public float[] SRows { get; set; } = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

    /// <summary>True when the file on disk was big-endian (informational; we always write little-endian).</summary>
    public bool BigEndian { get; set; }

    public long VoxelCount => Shape.Aggregate(1L, (n, d) => n * d);

    /// <summary>True when scl_slope asks for scaling (NIfTI: slope 0 or non-finite means "no scaling").</summary>
    public bool HasScaling => float.IsFinite(SclSlope) && SclSlope != 0 && !(SclSlope == 1 && SclInter == 0);

    public NiftiHeader Clone()
    {
        var copy = (NiftiHeader)MemberwiseClone();
        copy.Shape = (int[])Shape.Clone();
        copy.PixDim = (float[])PixDim.Clone();
        copy.SRows = (float[])SRows.Clone();
        return copy;
    }
}
