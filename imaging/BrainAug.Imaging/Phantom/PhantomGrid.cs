namespace BrainAug.Imaging.Phantom;

/// <summary>
/// The BraTS output grid: 240 x 240 x depth voxels of 1 mm, stored as BraTS stores it (x and y axes
/// flipped: i grows to the patient's left, j to posterior), centred on the cerebrum. The full depth,
/// 155, spans z = -70..84 mm; a reduced slab keeps the same centre (z = 7 mm, the study's slice 77).
/// </summary>
public sealed class PhantomGrid(int depth)
{
    public const int Side = 240;
    public const int FullDepth = 155;

    public int Width => Side;

    public int Height => Side;

    public int Depth { get; } = depth is >= 1 and <= FullDepth ? depth : throw new ArgumentOutOfRangeException(nameof(depth), depth, $"depth must be 1..{FullDepth}");

    public int[] Shape => [Side, Side, Depth];

    public int VoxelsPerSlice => Side * Side;

    /// <summary>World z (mm) of slice 0.</summary>
    public double ZStart => -70 + (FullDepth - Depth) / 2;

    public double WorldX(int i) => 120 - i;

    public double WorldY(int j) => 104 - j;

    public double WorldZ(int k) => ZStart + k;

    public double[,] Affine => new double[,]
    {
        { -1, 0, 0, 120 },
        { 0, -1, 0, 104 },
        { 0, 0, 1, ZStart },
        { 0, 0, 0, 1 },
    };
}
