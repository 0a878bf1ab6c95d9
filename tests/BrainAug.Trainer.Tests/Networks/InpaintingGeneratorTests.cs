using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Networks;
using BrainAug.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Tests.Networks;

/// <summary>The inpainting Brain Generator: the host survives outside the region bit for bit, the loss looks only
/// inside it, and it learns on real pairs.</summary>
[Collection(PhantomCollection.Name)]
public class InpaintingGeneratorTests(PhantomFixture phantom)
{
    private static readonly BrainConfig Config = new()
    {
        Data = "", Out = "", Condition = BrainCondition.Inpaint, Modalities = "t1ce,flair", Region = TargetRegion.Wt, RegionMargin = 2, Size = 32,
    };

    private BrainPairs Pairs()
    {
        var dataset = BrainDataset.Open(phantom.Dataset);
        var options = SliceOptionsFactory.Create(Config.Modalities, "wt", "tumour:30", Config.Size);
        return new BrainPairs(dataset.LoadSlices(dataset.Cases.Select(c => c.Id).Take(2), options).Take(8).ToList(), Config);
    }

    [Fact]
    public void Output_OutsideTheRegionIsTheHostBitForBit_InsideIsPainted()
    {
        random.manual_seed(2);
        using var pairs = Pairs();
        using var generator = new InpaintingGenerator(2, 1, downs: 3, width: 4);
        generator.eval();
        using var _ = no_grad();

        var output = generator.call(pairs.Conditions).data<float>().ToArray();

        var host = pairs.Images.data<float>().ToArray();
        var region = pairs.Conditions.narrow(1, 2, 1).data<float>().ToArray(); // the region channel, {-1, 1}
        var plane = Config.Size * Config.Size;
        var (outside, painted) = (0, 0);
        for (var i = 0; i < output.Length; i++)
        {
            var (sample, pixel) = (i / (2 * plane), i % plane);
            if (region[sample * plane + pixel] < 0)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(host[i]), BitConverter.SingleToInt32Bits(output[i]));
                outside++;
            }
            else if (output[i] != host[i]) painted++;
        }
        Assert.True(outside > 0 && painted > 0, $"{outside} outside, {painted} painted");
    }

    [Fact]
    public void Conditions_HoldTheHostTheRegionAroundTheLabelAndTheLabel()
    {
        using var pairs = Pairs();
        var c = pairs.Conditions;

        Assert.Equal([8L, 4, 32, 32], c.shape);
        Assert.True(c.narrow(1, 0, 2).eq(pairs.Images).all().item<bool>()); // the unblanked host: the network blanks it
        var region = c.narrow(1, 2, 1).gt(0);
        var label = c.narrow(1, 3, 1).gt(0);
        Assert.True(label.logical_and(region.logical_not()).sum().item<long>() == 0, "a tumour pixel lies outside the region");
        Assert.True(region.sum().item<long>() > label.sum().item<long>(), "the region adds no margin round the tumour");
    }

    [Fact]
    public void L1_IgnoresEverythingOutsideTheRegion()
    {
        random.manual_seed(3);
        using var region = zeros(2, 1, 8, 8);
        region[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(2, 5), TensorIndex.Slice(2, 5)] = ones(2, 1, 3, 3);
        using var fake = rand(2, 2, 8, 8);
        using var real = rand(2, 2, 8, 8);
        var outside = 1 - region;

        var loss = BrainTraining.L1(fake, real, region).item<float>();
        var changedOutside = BrainTraining.L1(fake + outside * 5, real - outside * 3, region).item<float>();
        var changedInside = BrainTraining.L1(fake + region * 0.5, real, region).item<float>();
        var expected = ((fake - real).abs() * region).sum().item<float>() / (2 * 2 * 9);

        Assert.Equal(loss, changedOutside);
        Assert.NotEqual(loss, changedInside);
        Assert.Equal(expected, loss, 6);
    }

    [Fact]
    public void Generator_L1InsideTheRegionFallsOnATinyRealBatch()
    {
        random.manual_seed(1);
        using var pairs = Pairs();
        using var generator = new InpaintingGenerator(2, 1, downs: 3, width: 8);
        using var optimizer = AdamSettings.ForGan(generator.parameters(), 2e-3);
        var region = InpaintingGenerator.Blank(pairs.Conditions, 2).Region;
        var losses = new List<float>();
        for (var step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = BrainTraining.L1(generator.call(pairs.Conditions), pairs.Images, region);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < 0.5 * losses[0], $"inpainting L1 {losses[0]:F4} -> {losses[^1]:F4}");
    }
}
