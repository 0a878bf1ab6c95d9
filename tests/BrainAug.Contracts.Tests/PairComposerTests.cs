using BrainAug.Contracts.Imaging;
using Xunit;

namespace BrainAug.Contracts.Tests;

/// <summary>The pair composition both the augmentation client and the server's GeneratePairs use.</summary>
public class PairComposerTests
{
    [Fact]
    public void Condition_LabelsAsPlusMinusOne_ThenTheOutline()
    {
        var condition = new float[4];
        PairComposer.Condition([1, 0], [1f, -1f], condition);
        Assert.Equal([1f, -1f, 1f, -1f], condition);
    }

    [Fact]
    public void Inpaint_NewTumourWinsOverTheHostsLabel_RegionStaysInTheBrain()
    {
        const int size = 4, plane = size * size;
        var host = Enumerable.Repeat(0.5f, plane).ToArray();
        var brain = Enumerable.Range(0, plane).Select(p => p % size != 3).ToArray(); // the last column is background
        var hostLabel = new byte[plane];
        hostLabel[0] = hostLabel[5] = 1;
        var tumour = new byte[plane];
        tumour[5] = tumour[6] = 1;
        var (condition, labels) = (new float[InpaintCondition.Channels(1, 1) * plane], new byte[plane]);

        var region = PairComposer.Inpaint(host, hostLabel, tumour, 1, brain, size, margin: 1, condition, labels);

        Assert.Equal([0, 5, 6], Enumerable.Range(0, plane).Where(p => labels[p] == 1));
        Assert.True(region[5] && region[6] && region[7 - 1] && !region[7] && !region[15]);
        Assert.Equal(host, condition[..plane]);
        Assert.Equal(region.Select(r => r ? 1f : -1f), condition[plane..(2 * plane)]);
        Assert.Equal(labels.Select(l => l == 1 ? 1f : -1f), condition[(2 * plane)..]);
    }

    [Fact]
    public void Resize_NearestNeighbourPerChannel()
    {
        byte[] map = [1, 0, 0, 0, /* channel 2 */ 0, 0, 0, 1];
        var resized = PairComposer.Resize(map, 2, 2, 4);
        Assert.Equal([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], resized[..16]);
        Assert.Equal(1, resized[16 + 15]);
    }
}
