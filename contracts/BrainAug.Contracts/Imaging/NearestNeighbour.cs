namespace BrainAug.Contracts.Imaging;

/// <summary>
/// The one nearest-neighbour convention for label maps, shared by the tools that must agree pixel for pixel (the
/// slice extractor, the augmentation client composing pairs, the server's GeneratePairs): pixel centres aligned, as
/// PyTorch's align_corners=False, so output pixel i of n takes source pixel floor((i + 0.5) * source / n). Whole-number
/// enlargements (16 to 32, 64 to 64) pick the same pixels as the corner-aligned floor(i * source / n).
/// </summary>
public static class NearestNeighbour
{
    public static int SourceIndex(int index, int sourceSize, int size) => (int)Math.Floor((index + 0.5) * ((double)sourceSize / size));

    /// <summary>Resizes a square sourceSize² plane into a square size² plane.</summary>
    public static void Resize<T>(ReadOnlySpan<T> source, int sourceSize, Span<T> destination, int size)
    {
        for (var y = 0; y < size; y++)
        {
            var sourceRow = SourceIndex(y, sourceSize, size) * sourceSize;
            for (var x = 0; x < size; x++) destination[y * size + x] = source[sourceRow + SourceIndex(x, sourceSize, size)];
        }
    }
}
