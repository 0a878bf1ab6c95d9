namespace BrainAug.Imaging.Datasets;

/// <summary>
/// One loaded case: co-registered 3-D volumes of the requested modalities and its labels in the internal
/// convention (<see cref="TumourLabels"/>), all in NIfTI order (x fastest, then y, then z).
/// </summary>
public sealed class BrainCase(string id, int[] shape, double[,] affine, IReadOnlyDictionary<Modality, float[]> images, byte[] labels)
{
    public string Id { get; } = id;

    /// <summary>(x, y, z) sizes; axial slices are z planes.</summary>
    public int[] Shape { get; } = shape;

    public double[,] Affine { get; } = affine;

    public IReadOnlyDictionary<Modality, float[]> Images { get; } = images;

    public byte[] Labels { get; } = labels;

    public int Width => Shape[0];

    public int Height => Shape[1];

    public int Depth => Shape[2];

    /// <summary>Width of the axial plane in mm: the x axis's voxel size (from the affine) times the voxels along it.</summary>
    public double FieldOfView =>
        Math.Sqrt(Math.Pow(Affine[0, 0], 2) + Math.Pow(Affine[1, 0], 2) + Math.Pow(Affine[2, 0], 2)) * Width;

    /// <summary>The labels of axial slice <paramref name="z"/> (row-major, x fastest).</summary>
    public ReadOnlySpan<byte> LabelPlane(int z) => Labels.AsSpan(z * Width * Height, Width * Height);
}

/// <summary>A case found on disk, not yet loaded (a dataset may be far larger than memory).</summary>
public abstract class CaseReference(string id)
{
    public string Id { get; } = id;

    /// <summary>The files the case is read from (a slice store fingerprints them).</summary>
    public abstract IReadOnlyList<string> SourceFiles { get; }

    /// <summary>Reads the case's volumes for <paramref name="modalities"/> and its labels, into
    /// <paramref name="buffers"/>' arrays where given (see <see cref="CaseBuffers"/>).</summary>
    public abstract BrainCase Load(IReadOnlyList<Modality> modalities, CaseBuffers? buffers = null);
}
