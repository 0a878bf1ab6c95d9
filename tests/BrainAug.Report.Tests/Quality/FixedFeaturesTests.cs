using BrainAug.Report.Quality;

namespace BrainAug.Report.Tests.Quality;

public class FixedFeaturesTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(60)] // a 240 x 240 slice's patch side
    public void UniformPatch_FillsOneIntensityBin_NoGradient_NoFilterResponse_AtAnySide(int side)
    {
        var features = FixedFeatures.Of(Enumerable.Repeat(0.3f, side * side).ToArray());
        Assert.Equal(FixedFeatures.Size, features.Length);
        Assert.Equal(1f, features[0]); // the region fills the patch
        var intensity = features[1..(1 + FixedFeatures.Bins)];
        Assert.Equal(1f, intensity[2], 5); // 0.3 lies in [0.25, 0.375)
        Assert.Equal(1f, intensity.Sum(), 5);
        var gradient = features[(1 + FixedFeatures.Bins)..(1 + 2 * FixedFeatures.Bins)];
        Assert.Equal(1f, gradient[0], 5);
        Assert.All(features[(1 + 2 * FixedFeatures.Bins)..], f => Assert.Equal(0f, f, 6)); // zero-mean filters on a flat image
    }

    [Fact]
    public void ASmallerBrighterTumour_MovesItsShareAndHistogram_AndEdgesWakeTheFilters()
    {
        var patch = new float[32 * 32];
        for (var y = 8; y < 24; y++)
            for (var x = 8; x < 24; x++) patch[y * 32 + x] = 0.9f;
        var features = FixedFeatures.Of(patch);
        Assert.Equal(0.25f, features[0], 5);
        Assert.Equal(1f, features[1 + 7], 5); // 0.9 in the top bin
        Assert.Contains(features[(1 + 2 * FixedFeatures.Bins)..], f => f > 0.01f);
        Assert.Equal(features, FixedFeatures.Of((float[])patch.Clone())); // the same patch, the same features
    }

    [Fact]
    public void ANonSquarePatch_IsRefused() => Assert.Throws<ArgumentException>(() => FixedFeatures.Of(new float[15]));
}
