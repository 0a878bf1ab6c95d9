using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Networks;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Tests.Training;

public class HeadPriorTests
{
    private static BrainSlice Slice(params byte[] label) => new("CASE", 0, 1, 2, new float[4], label);

    [Fact]
    public void Binary_BiasIsTheLogOddsOfTheTargetShare()
    {
        using var network = new UNet(1, 1, baseWidth: 2, depth: 1);

        HeadPrior.Apply(network, [Slice(1, 0, 0, 0), Slice(0, 0, 0, 0)], TargetRegion.Et); // 1 of 8 pixels

        Assert.Equal(Math.Log(1.0 / 7), network.Head.bias!.item<float>(), 5);
    }

    [Fact]
    public void Binary_NoTargetInTheTrainingSet_BiasStaysFinite()
    {
        using var network = new UNet(1, 1, baseWidth: 2, depth: 1);

        HeadPrior.Apply(network, [Slice(0, 0, 0, 0)], TargetRegion.Et);

        Assert.Equal(Math.Log(1e-4 / (1 - 1e-4)), network.Head.bias!.item<float>(), 4);
    }

    [Fact]
    public void MultiClass_BiasIsTheLogOfEachClassShare()
    {
        using var network = new UNet(1, TumourLabels.ClassCount, baseWidth: 2, depth: 1);

        HeadPrior.Apply(network, [Slice(0, 0, 1, 2), Slice(0, 0, 0, 3)], TargetRegion.Multiclass); // shares 5, 1, 1, 1 of 8

        var bias = network.Head.bias!.data<float>().ToArray();
        Assert.Equal([Math.Log(5.0 / 8), Math.Log(1.0 / 8), Math.Log(1.0 / 8), Math.Log(1.0 / 8)], bias.Select(b => (double)b).ToArray(),
            (expected, actual) => Math.Abs(expected - actual) < 1e-5);
    }

    [Fact]
    public void Regions_BiasIsTheLogOddsOfEachRegionsShare()
    {
        using var network = new UNet(1, 3, baseWidth: 2, depth: 1);

        // Labels 1 core, 2 edema, 3 enhancing: WT 3 of 8 pixels, TC 2 (core, enhancing), ET 1.
        HeadPrior.Apply(network, [Slice(0, 0, 1, 2), Slice(0, 0, 0, 3)], TargetRegion.Regions);

        var bias = network.Head.bias!.data<float>().ToArray();
        Assert.Equal([Math.Log(3.0 / 5), Math.Log(2.0 / 6), Math.Log(1.0 / 7)], bias.Select(b => (double)b).ToArray(),
            (expected, actual) => Math.Abs(expected - actual) < 1e-5);
    }

    [Fact]
    public void RegionsTensors_AreTheNestedWtTcEtPlanes()
    {
        using var tensors = SliceTensors.FromSlices([Slice(0, 1, 2, 3)], TargetRegion.Regions);

        Assert.Equal([1L, 3, 2, 2], tensors.Labels.shape);
        Assert.Equal([0f, 1, 1, 1, /* TC */ 0, 1, 0, 1, /* ET */ 0, 0, 0, 1], tensors.Labels.data<float>().ToArray());
        Assert.Equal([0f, 1, 1, 1], tensors.Masks().data<float>().ToArray()); // the whole tumour
    }
}
