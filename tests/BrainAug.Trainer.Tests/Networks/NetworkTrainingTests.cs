using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Networks;
using BrainAug.Trainer.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace BrainAug.Trainer.Tests.Networks;

/// <summary>Each network learns on a tiny real batch (phantom slices), and each GAN step moves only its own network.</summary>
[Collection(PhantomCollection.Name)]
public class NetworkTrainingTests(PhantomFixture phantom)
{
    private (Tensor Images, Tensor Masks) Batch(int size)
    {
        var dataset = BrainDataset.Open(phantom.Dataset);
        var options = SliceOptionsFactory.Create("t1ce", "wt", "tumour:30", size);
        var slices = dataset.LoadSlices(dataset.Cases.Select(c => c.Id).Take(2), options).Take(8).ToList();
        using var tensors = SliceTensors.FromSlices(slices, TargetRegion.Et);
        return (tensors.Images.clone(), tensors.Masks());
    }

    [Fact]
    public void UNet_LossFallsOnATinyRealBatch()
    {
        random.manual_seed(1);
        var (images, masks) = Batch(32);
        using var model = new UNet(1, 1, baseWidth: 8, depth: 2);
        using var optimizer = optim.Adam(model.parameters(), lr: 3e-3);

        var losses = Steps(40, () => binary_cross_entropy_with_logits(model.call(images), masks), optimizer);

        Assert.True(losses[^1] < 0.5 * losses[0], $"U-Net loss {losses[0]:F4} -> {losses[^1]:F4}");
    }

    [Theory]
    [InlineData("fp32")]
    [InlineData("bf16")]
    public void UNetStep_LossFallsOnATinyRealBatch(string precision)
    {
        random.manual_seed(1);
        var (images, masks) = Batch(32);
        using var model = new UNet(1, 1, baseWidth: 8, depth: 2);
        using var step = new SegStep(model, 3e-3, Words.Parse<Precision>(precision), TargetRegion.Et, () => new UNet(1, 1, 8, 2));
        step.Train();

        var losses = Enumerable.Range(0, 40).Select(_ => step.Run(images, masks)).ToList();

        Assert.True(losses[^1] < 0.5 * losses[0], $"{precision} U-Net loss {losses[0]:F4} -> {losses[^1]:F4}");
        Assert.Equal(ScalarType.Float32, model.parameters().First().dtype); // the master stays fp32
    }

    [Fact]
    public void BceDiceLoss_IsBcePlusSoftDiceOverTheBatch()
    {
        using var model = new UNet(1, 1, baseWidth: 4, depth: 1);
        using var bce = new SegStep(model, 1e-3, Precision.Fp32, TargetRegion.Et, () => new UNet(1, 1, 4, 1));
        using var both = new SegStep(model, 1e-3, Precision.Fp32, TargetRegion.Et, () => new UNet(1, 1, 4, 1), loss: SegLoss.BceDice);
        // Logits 0 and ln 3: probabilities 1/2 and 3/4; one of the two target pixels is predicted at 3/4.
        using var logits = tensor(new float[] { 0, (float)Math.Log(3), 0, 0 }).reshape(1, 1, 2, 2);
        using var labels = tensor(new float[] { 1, 1, 0, 0 }).reshape(1, 1, 2, 2);

        var plain = bce.Loss(logits, labels).item<float>();
        var combined = both.Loss(logits, labels).item<float>();

        // Soft Dice: 1 - (2 * (1/2 + 3/4) + 1) / ((1/2 + 3/4 + 1/2 + 1/2) + 2 + 1) = 1 - 3.5 / 5.25.
        Assert.Equal(1 - 3.5 / 5.25, combined - plain, 5);
        Assert.Throws<FormatException>(() => new SegStep(model, 1e-3, Precision.Fp32, TargetRegion.Multiclass, () => new UNet(1, 4, 4, 1), loss: SegLoss.BceDice));
    }

    [Fact]
    public void RegionsStep_LossFallsOnATinyRealBatch_AndDiceIsPerRegion()
    {
        random.manual_seed(1);
        var dataset = BrainDataset.Open(phantom.Dataset);
        var slices = dataset.LoadSlices(dataset.Cases.Select(c => c.Id).Take(2), SliceOptionsFactory.Create("flair,t1,t1ce,t2", "regions", "tumour:30", 32)).Take(8).ToList();
        using var tensors = SliceTensors.FromSlices(slices, TargetRegion.Regions);
        using var model = new UNet(4, 3, baseWidth: 8, depth: 2);
        using var step = new SegStep(model, 3e-3, Precision.Fp32, TargetRegion.Regions, () => new UNet(4, 3, 8, 2));
        step.Train();

        var losses = Enumerable.Range(0, 40).Select(_ => step.Run(tensors.Images, tensors.Labels)).ToList();

        // Three outputs from four modalities, from the default head: 0.72 -> 0.41 measured (the one-region test halves).
        Assert.True(losses[^1] < 0.6 * losses[0], $"regions U-Net loss {losses[0]:F4} -> {losses[^1]:F4}");
        // The soft Dice term is the mean over regions: WT and TC right cost 1 - (2 + 1) / (1 + 1 + 1) = 0 each, ET
        // predicted on the wrong pixel 1 - (0 + 1) / (1 + 1 + 1) = 2/3; mean 2/9.
        using var labels = tensor(new float[] { 1, 0, 1, 0, 0, 1 }).reshape(1, 3, 1, 2);
        using var logits = tensor(new float[] { 50, -50, 50, -50, 50, -50 }).reshape(1, 3, 1, 2);
        using var withDice = new SegStep(model, 1e-3, Precision.Fp32, TargetRegion.Regions, () => new UNet(4, 3, 8, 2), loss: SegLoss.BceDice);
        var dice = withDice.Loss(logits, labels).item<float>() - step.Loss(logits, labels).item<float>();
        Assert.Equal(2.0 / 9, dice, 4);
    }

    [Fact]
    public void Pix2PixGenerator_L1FallsOnATinyRealBatch()
    {
        random.manual_seed(1);
        var (images, masks) = Batch(32);
        using var generator = new Pix2PixGenerator(1, 1, downs: 3, width: 8, dropout: 0);
        using var optimizer = AdamSettings.ForGan(generator.parameters(), 2e-3);
        var condition = masks * 2 - 1;
        var target = images * 2 - 1;

        var losses = Steps(40, () => l1_loss(generator.call(condition), target), optimizer);

        Assert.True(losses[^1] < 0.5 * losses[0], $"pix2pix L1 {losses[0]:F4} -> {losses[^1]:F4}");
    }

    [Fact]
    public void DcganDiscriminator_LossFallsTellingRealMasksFromFakes()
    {
        random.manual_seed(1);
        var (_, masks) = Batch(16);
        var real = masks * 2 - 1;
        using var generator = new DcganGenerator(noiseSize: 8, imageSize: 16, width: 4);
        using var discriminator = new DcganDiscriminator(imageSize: 16, width: 4);
        using var optimizer = AdamSettings.ForGan(discriminator.parameters(), 2e-3);
        using var fake = generator.call(randn(8, 8, 1, 1)).detach();

        var losses = Steps(60, () => GanLoss.Of(discriminator.call(real), true) + GanLoss.Of(discriminator.call(fake), false), optimizer);

        Assert.True(losses[^1] < 0.5 * losses[0], $"DCGAN D loss {losses[0]:F4} -> {losses[^1]:F4}");
    }

    [Fact]
    public void DcganGenerator_LossFallsAgainstAFixedTrainedDiscriminator()
    {
        random.manual_seed(1);
        var (_, masks) = Batch(16);
        var real = masks * 2 - 1;
        using var generator = new DcganGenerator(noiseSize: 8, imageSize: 16, width: 4);
        using var discriminator = new DcganDiscriminator(imageSize: 16, width: 4);
        using var noise = randn(8, 8, 1, 1);
        using (var optimizerD = AdamSettings.ForGan(discriminator.parameters(), 2e-3))
        {
            using var fake = generator.call(noise).detach();
            Steps(30, () => GanLoss.Of(discriminator.call(real), true) + GanLoss.Of(discriminator.call(fake), false), optimizerD);
        }
        using var optimizerG = AdamSettings.ForGan(generator.parameters(), 5e-3); // only G steps: D stays as trained

        var losses = Steps(60, () => GanLoss.Of(discriminator.call(generator.call(noise)), true), optimizerG);

        Assert.True(losses[^1] < 0.5 * losses[0], $"DCGAN G loss {losses[0]:F4} -> {losses[^1]:F4}");
    }

    [Fact]
    public void DcganSteps_EachUpdatesOnlyItsOwnNetwork()
    {
        random.manual_seed(1);
        var (_, masks) = Batch(16);
        using var generator = new DcganGenerator(noiseSize: 8, imageSize: 16, width: 4);
        using var discriminator = new DcganDiscriminator(imageSize: 16, width: 4);
        using var optimizerG = AdamSettings.ForGan(generator.parameters(), 2e-4);
        using var optimizerD = AdamSettings.ForGan(discriminator.parameters(), 2e-4);
        var fake = generator.call(randn(8, 8, 1, 1));

        var (g0, d0) = (Snapshot(generator), Snapshot(discriminator));
        TumourTraining.BackwardD(discriminator, optimizerD, masks * 2 - 1, fake);
        var (g1, d1) = (Snapshot(generator), Snapshot(discriminator));
        TumourTraining.BackwardG(discriminator, optimizerG, fake);
        var (g2, d2) = (Snapshot(generator), Snapshot(discriminator));

        Assert.Equal(g0, g1);
        Assert.NotEqual(d0, d1);
        Assert.Equal(d1, d2);
        Assert.NotEqual(g1, g2);
    }

    [Fact]
    public void DcganDiscriminatorStep_WithR1_AddsThePenaltyOnTheGradientAtRealMaps()
    {
        random.manual_seed(1);
        var (_, masks) = Batch(16);
        using var generator = new DcganGenerator(noiseSize: 8, imageSize: 16, width: 4);
        using var fake = generator.call(randn(8, 8, 1, 1)).detach();
        float Loss(double gamma)
        {
            random.manual_seed(2); // the same discriminator for both
            using var discriminator = new DcganDiscriminator(imageSize: 16, width: 4);
            using var optimizer = AdamSettings.ForGan(discriminator.parameters(), 2e-4);
            return TumourTraining.BackwardD(discriminator, optimizer, masks * 2 - 1, fake, gamma);
        }

        // A fresh discriminator's gradient at its input is small (gamma 5 adds about 1e-6 to a loss of 1.39, float's
        // resolution there), so large gammas make the penalty stand well clear of rounding on every CPU.
        var (plain, penalised, doubled) = (Loss(0), Loss(1e4), Loss(2e4));

        Assert.True(penalised > plain, $"R1 loss {penalised} not above the plain loss {plain}");
        Assert.Equal(2 * (penalised - plain), doubled - plain, 0.01 * (doubled - plain)); // the penalty is linear in gamma
    }

    [Fact]
    public void Pix2PixSteps_EachUpdatesOnlyItsOwnNetwork()
    {
        random.manual_seed(1);
        var (images, masks) = Batch(32);
        using var generator = new Pix2PixGenerator(1, 1, downs: 3, width: 4);
        using var discriminator = new PatchGanDiscriminator(2, width: 4, layers: 2);
        using var optimizerG = AdamSettings.ForGan(generator.parameters(), 2e-4);
        using var optimizerD = AdamSettings.ForGan(discriminator.parameters(), 2e-4);
        var condition = masks * 2 - 1;
        var real = images * 2 - 1;
        var fake = generator.call(condition);

        var (g0, d0) = (Snapshot(generator), Snapshot(discriminator));
        BrainTraining.BackwardD(discriminator, optimizerD, condition, real, fake);
        var (g1, d1) = (Snapshot(generator), Snapshot(discriminator));
        BrainTraining.BackwardG(discriminator, optimizerG, condition, real, fake, lambda: 100);
        var (g2, d2) = (Snapshot(generator), Snapshot(discriminator));

        Assert.Equal(g0, g1);
        Assert.NotEqual(d0, d1);
        Assert.Equal(d1, d2);
        Assert.NotEqual(g1, g2);
    }

    private static List<float> Steps(int count, Func<Tensor> loss, OptimizerHelper optimizer)
    {
        var losses = new List<float>();
        for (var i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var value = loss();
            value.backward();
            optimizer.step();
            losses.Add(value.item<float>());
        }
        return losses;
    }

    /// <summary>All parameter values of a network, concatenated (compared for equality).</summary>
    private static string Snapshot(nn.Module module)
    {
        using var _ = no_grad();
        return string.Join(',', module.parameters().Select(p => p.sum().item<float>().ToString("R")));
    }
}
