using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Tests.Datasets;

/// <summary>The vector min/max must give exactly what LINQ gave before (the stored slices' bytes depend on it),
/// including where LINQ's answer depends on order: NaN anywhere, and the sign of a zero.</summary>
public class VolumeNormaliserTests
{
    public static TheoryData<string, float[]> Volumes() => new()
    {
        { "ramp, odd length", [.. Enumerable.Range(0, 37).Select(i => (float)(i * 7 % 37) - 3)] },
        { "one value", [5f] },
        { "NaN at the end of the tail", [.. Enumerable.Repeat(1f, 33), float.NaN] },
        { "NaN inside the vectors", [.. Enumerable.Range(0, 64).Select(i => i == 9 ? float.NaN : i)] },
        { "all NaN", [.. Enumerable.Repeat(float.NaN, 20)] },
        { "-0 before +0 as the minimum", [3f, -0f, 0f, 7f, .. Enumerable.Repeat(1f, 40)] },
        { "+0 before -0 as the minimum", [3f, 0f, -0f, 7f, .. Enumerable.Repeat(1f, 40)] },
        { "-0 before +0 as the maximum", [-3f, -0f, 0f, -7f, .. Enumerable.Repeat(-1f, 40)] },
        { "infinities", [.. Enumerable.Repeat(2f, 40), float.NegativeInfinity, float.PositiveInfinity] },
    };

    [Theory]
    [MemberData(nameof(Volumes))]
    public void MinMax_SameBitsAsLinq(string name, float[] volume)
    {
        var (min, max) = VolumeNormaliser.MinMax(volume);

        Assert.True(BitConverter.SingleToInt32Bits(volume.Min()) == BitConverter.SingleToInt32Bits(min), $"{name}: min {min} vs LINQ {volume.Min()}");
        Assert.True(BitConverter.SingleToInt32Bits(volume.Max()) == BitConverter.SingleToInt32Bits(max), $"{name}: max {max} vs LINQ {volume.Max()}");
    }

    [Fact]
    public void MinMaxNormalisation_MapsToUnitRange_AsTheFormulaSays()
    {
        float[] volume = [.. Enumerable.Range(0, 50).Select(i => (float)i * 2 + 10)];

        var normalised = SliceExtractor.Normalise(volume, Normalisation.MinMax);

        Assert.Equal([.. volume.Select(v => (v - 10f) / 98f)], normalised);
    }
}
