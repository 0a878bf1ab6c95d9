using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Datasets;

public class SliceExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly BrainCase _case;

    public SliceExtractorTests()
    {
        TinyDatasets.WriteBrats(_temp.Path, "case0");
        _case = BrainDataset.Open(_temp.Path).Cases[0].Load(Modalities.All);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FixedPolicy_TakesThatSliceOnly()
    {
        var slices = SliceExtractor.Extract(_case, Options(SlicePolicy.Fixed(4)));

        Assert.Equal([4], slices.Select(s => s.SliceIndex));
    }

    [Fact]
    public void FixedPolicy_OutsideVolume_ErrorNamesCase()
    {
        var error = Assert.Throws<DatasetException>(() => SliceExtractor.Extract(_case, Options(SlicePolicy.Fixed(77))));

        Assert.Contains("case case0", error.Message);
        Assert.Contains("z=77", error.Message);
    }

    [Theory]
    [InlineData(TargetRegion.Wt, 1, new[] { 3, 4, 5 })]
    [InlineData(TargetRegion.Et, 1, new[] { 3, 4, 5 })]
    [InlineData(TargetRegion.Et, 9, new[] { 3, 5 })] // z=4 has 8 enhancing voxels and a necrotic centre
    public void TumourPolicy_TakesSlicesWithEnoughTarget(TargetRegion region, int minVoxels, int[] expected)
    {
        var slices = SliceExtractor.Extract(_case, Options(SlicePolicy.WithTumour(minVoxels)) with { Region = region });

        Assert.Equal(expected, slices.Select(s => s.SliceIndex));
    }

    [Theory]
    [InlineData(TargetRegion.Wt, 3)] // z=3, 4, 5 hold 25 tumour voxels each: the lowest wins
    [InlineData(TargetRegion.Et, 3)] // z=4's necrotic centre leaves it 8 enhancing voxels; 3 and 5 tie, the lower wins
    public void MostTumourPolicy_OneSliceWhereTheTargetIsLargest(TargetRegion region, int expected)
    {
        var slices = SliceExtractor.Extract(_case, Options(SlicePolicy.Parse("max")) with { Region = region });

        Assert.Equal([expected], slices.Select(s => s.SliceIndex));
    }

    [Fact]
    public void AllPolicy_TakesEverySlice()
    {
        Assert.Equal(Enumerable.Range(0, 8), SliceExtractor.Extract(_case, Options(SlicePolicy.All)).Select(s => s.SliceIndex));
    }

    [Theory]
    [InlineData(TargetRegion.Wt, 25)]
    [InlineData(TargetRegion.Tc, 9)]
    [InlineData(TargetRegion.Et, 8)]
    public void Region_BinaryMaskCountsThatRegion(TargetRegion region, int expectedPixels)
    {
        var slice = SliceExtractor.Extract(_case, Options(SlicePolicy.Fixed(4)) with { Region = region }).Single();

        Assert.Equal(expectedPixels, slice.TumourPixels);
        Assert.All(slice.Label, value => Assert.True(value <= 1));
    }

    [Fact]
    public void MultiClass_KeepsInternalLabels()
    {
        var slice = SliceExtractor.Extract(_case, Options(SlicePolicy.Fixed(4)) with { Region = null }).Single();

        Assert.Equal(1, slice.Label.Count(v => v == TumourLabels.NecroticCore));
        Assert.Equal(8, slice.Label.Count(v => v == TumourLabels.Enhancing));
        Assert.Equal(16, slice.Label.Count(v => v == TumourLabels.Edema));
    }

    [Fact]
    public void Channels_InRequestedOrderAndMinMaxNormalisedPerVolume()
    {
        var slice = SliceExtractor.Extract(_case, Options(SlicePolicy.All) with { Modalities = [Modality.T2, Modality.Flair] })[7];

        Assert.Equal(2, slice.Channels);
        var volume = Enumerable.Range(0, TinyDatasets.VoxelCount).Select(v => TinyDatasets.Intensity(0, Modality.T2, v)).ToArray();
        var max = volume.Max();
        var voxel = 7 * 120 + 5 * 12 + 6; // z=7, y=5, x=6
        var pixel = (5 + 1) * 12 + 6; // the 12x10 plane is padded with one blank row above
        Assert.Equal(volume[voxel] / max, slice.Channel(0)[pixel], 5);
        Assert.True(slice.Channel(1)[pixel] < slice.Channel(1)[pixel + 1], "FLAIR channel keeps its gradient");
    }

    [Fact]
    public void ZScoreBrain_ZeroMeanUnitStdOverBrainAndBackgroundZero()
    {
        var normalised = SliceExtractor.Normalise(_case.Images[Modality.T1], Normalisation.ZScoreBrain);

        var brain = normalised.Where((_, i) => _case.Images[Modality.T1][i] != 0).ToArray();
        Assert.Equal(0, brain.Average(), 4);
        Assert.Equal(1, Math.Sqrt(brain.Select(v => (double)v * v).Average()), 4);
        Assert.All(normalised.Where((_, i) => _case.Images[Modality.T1][i] == 0), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Resize_PadsToSquareThenScalesImagesAndLabels()
    {
        var slice = SliceExtractor.Extract(_case, Options(SlicePolicy.Fixed(4)) with { Size = 24, Region = null }).Single();

        Assert.Equal(24, slice.Size);
        Assert.Equal(24 * 24, slice.Label.Length);
        // 12x10 pads to 12x12 (one blank row top and bottom), then doubles: each label covers 4 pixels.
        Assert.Equal(4 * 8, slice.Label.Count(v => v == TumourLabels.Enhancing));
        Assert.All(slice.Image.AsSpan(0, 24 * 2).ToArray(), v => Assert.Equal(0, v));
    }

    private static SliceOptions Options(SlicePolicy policy) => new() { Policy = policy, Modalities = [Modality.T1ce], Size = 12 };
}
