namespace BrainAug.Benchmarks;

/// <summary>Convolution FLOPs of one U-Net forward pass per image, counted from the architecture
/// (2 * in * out * k^2 * output pixels per convolution; BatchNorm, ReLU and pooling ignored).</summary>
public static class UNetFlops
{
    public static double Forward(int inChannels, int outChannels, int baseWidth, int depth, int size)
    {
        double Conv(int cin, int cout, int k, int side) => 2.0 * cin * cout * k * k * side * side;
        double DoubleConv(int cin, int cout, int side) => Conv(cin, cout, 3, side) + Conv(cout, cout, 3, side);
        var flops = DoubleConv(inChannels, baseWidth, size);
        for (var level = 1; level <= depth; level++)
            flops += DoubleConv(baseWidth << (level - 1), baseWidth << level, size >> level);
        for (var level = depth; level >= 1; level--)
        {
            int channels = baseWidth << level, side = size >> (level - 1);
            // ConvTranspose k2 s2: each input pixel meets each (in, out) channel pair at 4 kernel positions.
            flops += 2.0 * channels * (channels / 2) * 4 * (side / 2) * (side / 2);
            flops += DoubleConv(channels / 2 + (baseWidth << (level - 1)), baseWidth << (level - 1), side);
        }
        return flops + Conv(baseWidth, outChannels, 1, size);
    }
}
