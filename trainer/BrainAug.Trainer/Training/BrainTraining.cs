using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;
using BrainAug.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace BrainAug.Trainer.Training;

/// <summary>
/// Trains the Brain Generator (pix2pix): per batch <see cref="BackwardD"/> on (condition, real) vs
/// (condition, detached fake), then <see cref="BackwardG"/> with adversarial + lambda * L1. After every
/// epoch: validation L1 (the figure that compares conditionings) and a grid of condition | real | generated.
/// </summary>
public sealed class BrainTraining(BrainConfig config, bool resume)
{
    private const int GridRows = 6;

    public (int Epochs, double ValidationL1, string RunPath) Run()
    {
        var started = DateTimeOffset.Now;
        var run = new RunDirectory(config.Out, resume);
        var device = TorchDevice.Choose(config.Device, config.Threads);
        var (trainSlices, validationSlices, split) = LoadSlices();
        using var train = new BrainPairs(trainSlices, config);
        using var validation = new BrainPairs(validationSlices, config);
        run.WriteConfig(config);
        run.WriteSplit(split);
        Console.WriteLine($"brain: {TorchDevice.Describe(device)}, {train.Count} training / {validation.Count} validation pairs of {config.Size}x{config.Size}, condition {Words.Of(config.Condition)}, run folder {run.Path}");

        random.manual_seed((long)config.Seed);
        using var generator = CreateGenerator(config, (int)train.Images.shape[1]);
        using var discriminator = new PatchGanDiscriminator(config.ConditionChannels + (int)train.Images.shape[1], config.DiscriminatorWidth, config.DiscriminatorLayers);
        generator.to(device);
        discriminator.to(device);
        using var optimizerG = AdamSettings.ForGan(generator.parameters(), config.LearningRate);
        using var optimizerD = AdamSettings.ForGan(discriminator.parameters(), config.LearningRate);
        var loop = new EpochLoop(run, config, started, $"Brain Generator (pix2pix, condition {Words.Of(config.Condition)})",
            ["loss_d", "loss_g_gan", "loss_g_l1", "validation_l1"], ["loss_d", "loss_g_gan", "validation_l1"], (train.Count + config.BatchSize - 1) / config.BatchSize);
        loop.Restore(resume, [generator, discriminator], [optimizerG, optimizerD]);
        var validationL1 = double.NaN;
        loop.Run(epoch =>
        {
            generator.train();
            discriminator.train();
            double sumD = 0, sumGan = 0, sumL1 = 0;
            var batches = Batches.ForEpoch(train.Count, config.BatchSize, config.Seed, epoch);
            for (var b = 0; b < batches.Count; b++)
            {
                using var scope = NewDisposeScope();
                using var index = tensor(batches[b]);
                var condition = train.Conditions.index_select(0, index).to(device);
                var real = train.Images.index_select(0, index).to(device);
                var fake = generator.call(condition);
                var lossD = BackwardD(discriminator, optimizerD, condition, real, fake);
                var (lossGan, lossL1) = BackwardG(discriminator, optimizerG, condition, real, fake, config.Lambda, Region(condition));
                (sumD, sumGan, sumL1) = (sumD + lossD, sumGan + lossGan, sumL1 + lossL1);
                run.AppendCsv(TrainingRunFiles.StepsCsv, "epoch,step,loss_d,loss_g_gan,loss_g_l1", epoch, loop.NextStep(), lossD, lossGan, lossL1);
                loop.Bar.Step(epoch, b + 1, $"D {lossD:F3} G {lossGan:F3} L1 {lossL1:F3}");
            }
            Divergence.Check("brain", epoch, sumD, sumGan, sumL1); // before the validation draws its grid
            validationL1 = ValidateAndDraw(generator, validation, device, run.File($"samples_epoch{epoch + 1:D3}.png"));
            var n = batches.Count;
            return new EpochOutcome([sumD / n, sumGan / n, sumL1 / n, validationL1], [sumD, sumGan, sumL1],
                $"D {sumD / n:F3} G {sumGan / n:F3} L1 {sumL1 / n:F3} val L1 {validationL1:F4}");
        });
        generator.save(run.File(TrainingRunFiles.GeneratorWeights));
        discriminator.save(run.File(TrainingRunFiles.DiscriminatorWeights));
        loop.WriteSummary(TorchDevice.Describe(device), Precision.Fp32, PrecisionChoice.GanFp32, train.Count, train.Count, validation.Count, validationL1);
        return (loop.Progress.NextEpoch, validationL1, run.Path);
    }

    /// <summary>PatchGAN D on (condition, image) pairs: real -> 1, detached fake -> 0, averaged (pix2pix halves D's loss).</summary>
    public static float BackwardD(PatchGanDiscriminator discriminator, OptimizerHelper optimizer, Tensor condition, Tensor real, Tensor fake)
    {
        optimizer.zero_grad();
        var lossReal = GanLoss.Of(discriminator.call(cat([condition, real], dim: 1)), real: true);
        var lossFake = GanLoss.Of(discriminator.call(cat([condition, fake.detach()], dim: 1)), real: false);
        var loss = (lossReal + lossFake) * 0.5;
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>G: fool D on (condition, fake) and stay close to the real slice (lambda * L1; inside the region only
    /// when inpainting). Returns (GAN, L1).</summary>
    public static (float Gan, float L1) BackwardG(PatchGanDiscriminator discriminator, OptimizerHelper optimizer, Tensor condition, Tensor real, Tensor fake, double lambda, Tensor? region = null)
    {
        optimizer.zero_grad();
        var lossGan = GanLoss.Of(discriminator.call(cat([condition, fake], dim: 1)), real: true);
        var lossL1 = L1(fake, real, region);
        var loss = lossGan + lossL1 * lambda;
        loss.backward();
        optimizer.step();
        return (lossGan.item<float>(), lossL1.item<float>());
    }

    /// <summary>The study's pix2pix generator, or the inpainting one that paints only inside a region of a real slice.</summary>
    public static nn.Module<Tensor, Tensor> CreateGenerator(BrainConfig config, int modalities) => config.Inpaints
        ? new InpaintingGenerator(modalities, config.LabelChannels, config.Downs, config.GeneratorWidth)
        : new Pix2PixGenerator(config.ConditionChannels, modalities, config.Downs, config.GeneratorWidth);

    /// <summary>Mean absolute difference; with a region (N, 1, S, S) of 0/1, the mean over the region's pixels only, so
    /// that the host pixels the inpainting generator copies (difference 0) do not dilute the loss.</summary>
    public static Tensor L1(Tensor fake, Tensor real, Tensor? region)
    {
        if (region is null) return l1_loss(fake, real);
        var inside = region.sum() * fake.shape[1];
        return ((fake - real).abs() * region).sum() / inside.clamp_min(1);
    }

    /// <summary>The inpainting region (N, 1, S, S) as 0/1, or null for the other conditions.</summary>
    private Tensor? Region(Tensor condition) =>
        config.Inpaints ? InpaintingGenerator.Blank(condition, config.ModalityCount).Region : null;

    private (List<BrainSlice> Train, List<BrainSlice> Validation, Contracts.Data.SplitFile Split) LoadSlices()
    {
        var source = SliceSource.Open(config.Data, config.Store);
        var split = DatasetSplit.Resolve(source.Dataset, config.SplitFile, config.Validation, config.Test, config.SplitSeed);
        var options = SliceOptionsFactory.Create(config.Modalities, Words.Of(config.Region), config.Policy, config.Size);
        return (source.LoadSlices(split.Train, options), source.LoadSlices(split.Validation, options), split);
    }

    /// <summary>Mean L1 of G (eval mode) over the validation pairs; draws the first rows as a grid.</summary>
    private double ValidateAndDraw(nn.Module<Tensor, Tensor> generator, BrainPairs validation, Device device, string gridPath)
    {
        generator.eval();
        using var _ = no_grad();
        double total = 0;
        foreach (var batch in Batches.ForEpoch(validation.Count, config.BatchSize, config.Seed, 0, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var index = tensor(batch);
            var condition = validation.Conditions.index_select(0, index).to(device);
            total += L1(generator.call(condition), validation.Images.index_select(0, index).to(device), Region(condition)).item<float>() * batch.Length;
        }
        using (NewDisposeScope())
        {
            var rows = Math.Min(GridRows, validation.Count);
            var conditions = validation.Conditions.narrow(0, 0, rows);
            var labels = conditions.narrow(1, config.Inpaints ? config.ModalityCount + 1 : 0, config.LabelChannels);
            SampleGrid.WritePairs(gridPath, labels, validation.Images.narrow(0, 0, rows), generator.call(conditions.to(device)), config.InternalLabels);
        }
        return total / validation.Count;
    }
}
