using static TorchSharp.torch;

namespace BrainAug.Networks;

/// <summary>Argument checks with messages that name the parameter and the network.</summary>
internal static class NetworkArguments
{
    public static void Positive(string name, int value)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1");
    }

    public static void InRange(string name, int value, int min, int max)
    {
        if (value < min || value > max) throw new ArgumentOutOfRangeException(name, value, $"{name} must be {min}..{max}");
    }

    public static void PowerOfTwo(string name, int value, int min)
    {
        if (value < min || (value & (value - 1)) != 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a power of two, at least {min}");
    }

    /// <summary>Input must be (N, C, H, W) with H and W divisible by <paramref name="multiple"/>.</summary>
    public static void SpatialMultiple(Tensor input, int multiple, string network)
    {
        if (input.dim() != 4)
            throw new ArgumentException($"{network} expects (N, C, H, W) input, got {input.dim()} dimensions");
        if (input.shape[2] % multiple != 0 || input.shape[3] % multiple != 0)
            throw new ArgumentException($"{network} needs H and W divisible by {multiple}, got {input.shape[2]}x{input.shape[3]}");
    }
}
