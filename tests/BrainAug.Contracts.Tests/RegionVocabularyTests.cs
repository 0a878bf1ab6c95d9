using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using Xunit;

namespace BrainAug.Contracts.Tests;

/// <summary>The one region and label vocabulary: BraTS's nesting, the label a lone region stands for, and the
/// generators' label channels there and back.</summary>
public class RegionVocabularyTests
{
    private static readonly byte[] AllLabels = [TumourLabels.Background, TumourLabels.NecroticCore, TumourLabels.Edema, TumourLabels.Enhancing];

    [Theory]
    [InlineData(TargetRegion.Wt, new byte[] { 0, 1, 1, 1 })]
    [InlineData(TargetRegion.Tc, new byte[] { 0, 1, 0, 1 })]
    [InlineData(TargetRegion.Et, new byte[] { 0, 0, 0, 1 })]
    public void Regions_NestAsBratsScoresThem(TargetRegion region, byte[] inside) =>
        Assert.Equal(inside, AllLabels.Select(l => BratsRegions.Contains(region, l) ? (byte)1 : (byte)0));

    [Fact]
    public void ChannelOrderAndWords_WtTcEt()
    {
        Assert.Equal(["wt", "tc", "et"], BratsRegions.Words);
        Assert.Equal(["WT", "TC", "ET"], BratsRegions.Names);
        Assert.False(BratsRegions.IsRegion(TargetRegion.Multiclass));
        Assert.Equal("ET (enhancing tumour)", BratsRegions.Describe("et"));
        Assert.Equal("WT (whole tumour)", BratsRegions.Describe("wt"));
        Assert.Equal("multiclass", BratsRegions.Describe("multiclass"));
    }

    [Theory]
    [InlineData(TargetRegion.Et, TumourLabels.Enhancing)]
    [InlineData(TargetRegion.Tc, TumourLabels.NecroticCore)]
    [InlineData(TargetRegion.Wt, TumourLabels.Edema)]
    public void OwnLabel_InTheRegionAndInNoRegionItHolds(TargetRegion region, byte label)
    {
        Assert.Equal(label, BratsRegions.OwnLabel(region));
        Assert.True(BratsRegions.Contains(region, label));
        var inner = BratsRegions.Order.SkipWhile(r => r != region).Skip(1); // the channel order runs outside in
        Assert.All(inner, r => Assert.False(BratsRegions.Contains(r, label)));
    }

    [Fact]
    public void RegionPlanes_DecodeBackToTheLabels()
    {
        var planes = new float[BratsRegions.Count * AllLabels.Length];
        BratsRegions.Write(AllLabels, planes);
        var decoded = new byte[AllLabels.Length];
        BratsRegions.Labels(planes, 0.5f, decoded);
        Assert.Equal(AllLabels, decoded);
    }

    [Fact]
    public void ClassPlanes_RoundTrip_AndOverlapsGoToTheInnermostClass()
    {
        var planes = LabelPlanes.Encode(AllLabels, LabelPlanes.Classes);
        Assert.Equal(AllLabels, LabelPlanes.Decode<byte>(planes, LabelPlanes.Classes));
        // Planes core, edema, enhancing for two pixels: pixel 0 claimed by core and edema, pixel 1 by all three.
        byte[] overlapping = [1, 1, /* edema */ 1, 1, /* enhancing */ 0, 1];
        Assert.Equal([TumourLabels.NecroticCore, TumourLabels.Enhancing], LabelPlanes.Decode<byte>(overlapping, LabelPlanes.Classes));
        var floats = new float[3];
        LabelPlanes.Encode([TumourLabels.Edema], LabelPlanes.Classes, floats);
        Assert.Equal([-1f, 1f, -1f], floats);
    }

    [Fact]
    public void OneRegionPlane_AnyLabelIsInside() =>
        Assert.Equal([0, 1, 1, 1], LabelPlanes.Encode(AllLabels, 1));
}
