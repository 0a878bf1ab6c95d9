namespace BrainAug.Imaging.Common;

/// <summary>
/// A small seeded generator (SplitMix64) whose sequence is fixed by this code, not by the runtime's
/// System.Random, so the same seed gives the same data on every .NET version and machine.
/// <see cref="Hash"/> gives order-free random numbers (keyed by position) for parallel loops.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A generator for a named sub-stream (e.g. one case), independent of the parent's use.</summary>
    public static SeededRandom For(ulong seed, ulong stream) => new(Hash(seed, stream));

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [min, max).</summary>
    public int NextInt(int min, int max) => min + (int)(NextDouble() * (max - min));

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u = 1.0 - NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * NextDouble());
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>The first <paramref name="count"/> items of a shuffled copy: a random draw without replacement.</summary>
    public List<T> Draw<T>(IReadOnlyList<T> items, int count)
    {
        var copy = items.ToList();
        Shuffle(copy);
        return copy.Take(count).ToList();
    }

    /// <summary>A well-mixed 64-bit hash of (key, index): the index-th number of the stream named key.</summary>
    public static ulong Hash(ulong key, ulong index) => Mix(key ^ Mix(index + 0x9E3779B97F4A7C15UL));

    /// <summary>A cheap near-normal number (mean 0, variance 1; the sum of four 16-bit uniforms, so
    /// bounded at about +-3.5) for per-voxel image noise, where exact tails do not matter.</summary>
    public static double HashNearGaussian(ulong key, ulong index)
    {
        var bits = Hash(key, index);
        var sum = (bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) + ((bits >> 32) & 0xFFFF) + (bits >> 48);
        return (sum / 65535.0 - 2.0) * Math.Sqrt(3);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
