using BrainAug.Contracts;
using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;
using BrainAug.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>
/// Trains the Tumour Generator: a DCGAN on the training cases' label maps (scaled to [-1, 1]). Per batch,
/// <see cref="BackwardD"/> (real vs detached fakes) then <see cref="BackwardG"/> (fool D); a sample grid
/// from fixed noise after every epoch.
/// </summary>
public sealed class TumourTraining(TumourConfig config, bool resume)
{
    private const int GridColumns = 8;

    public (int Epochs, string RunPath) Run()
    {
        var started = DateTimeOffset.Now;
        var run = new RunDirectory(config.Out, resume);
        var device = TorchDevice.Choose(config.Device, config.Threads);
        var (labels, split) = LoadLabels();
        using var _ = labels;
        run.WriteConfig(config);
        run.WriteSplit(split);
        Console.WriteLine($"tumour: {TorchDevice.Describe(device)}, {labels.shape[0]} label maps of {config.Size}x{config.Size}, run folder {run.Path}");

        using (NewDisposeScope())
            SampleGrid.WriteLabels(run.File("real_samples.png"), labels.narrow(0, 0, Math.Min(64, labels.shape[0])), config.InternalLabels, GridColumns);

        random.manual_seed((long)config.Seed);
        var channels = config.LabelChannels;
        using var generator = new DcganGenerator(config.NoiseSize, config.Size, config.GeneratorWidth, channels);
        using var discriminator = new DcganDiscriminator(config.Size, config.DiscriminatorWidth, channels);
        using var fixedNoise = randn(64, config.NoiseSize, 1, 1);
        generator.to(device);
        discriminator.to(device);
        using var optimizerG = AdamSettings.ForGan(generator.parameters(), config.LearningRate);
        using var optimizerD = AdamSettings.ForGan(discriminator.parameters(), config.LearningRate);
        var count = (int)labels.shape[0];
        var loop = new EpochLoop(run, config, started, "Tumour Generator (DCGAN)", ["loss_d", "loss_g"], ["loss_d", "loss_g"], (count + config.BatchSize - 1) / config.BatchSize);
        loop.Restore(resume, [generator, discriminator], [optimizerG, optimizerD]);
        loop.Run(epoch =>
        {
            generator.train();
            discriminator.train();
            double sumD = 0, sumG = 0;
            var batches = Batches.ForEpoch(count, config.BatchSize, config.Seed, epoch);
            for (var b = 0; b < batches.Count; b++)
            {
                using var scope = NewDisposeScope();
                using var index = tensor(batches[b]);
                var real = labels.index_select(0, index).to(device);
                var fake = generator.call(randn(batches[b].Length, config.NoiseSize, 1, 1, device: device));
                var lossD = BackwardD(discriminator, optimizerD, real, fake, config.R1Gamma);
                var lossG = BackwardG(discriminator, optimizerG, fake);
                (sumD, sumG) = (sumD + lossD, sumG + lossG);
                run.AppendCsv(TrainingRunFiles.StepsCsv, "epoch,step,loss_d,loss_g", epoch, loop.NextStep(), lossD, lossG);
                loop.Bar.Step(epoch, b + 1, $"D {lossD:F3} G {lossG:F3}");
            }
            var (meanD, meanG) = (sumD / batches.Count, sumG / batches.Count);
            return new EpochOutcome([meanD, meanG], [sumD, sumG], $"D {meanD:F3} G {meanG:F3}",
                () => WriteSamples(generator, fixedNoise, device, run.File($"samples_epoch{epoch + 1:D3}.png")));
        });
        generator.save(run.File(TrainingRunFiles.GeneratorWeights));
        discriminator.save(run.File(TrainingRunFiles.DiscriminatorWeights));
        loop.WriteSummary(TorchDevice.Describe(device), Precision.Fp32, PrecisionChoice.GanFp32, count, count, 0, null);
        return (loop.Progress.NextEpoch, run.Path);
    }

    /// <summary>D learns real -> 1, fake -> 0; fakes are detached so G is untouched. With <paramref name="r1Gamma"/>
    /// above 0, D is also penalised by gamma/2 times the squared gradient of its logit at the real maps (R1), which
    /// stops it from winning outright on small data sets. Returns the loss.</summary>
    public static float BackwardD(DcganDiscriminator discriminator, OptimizerHelper optimizer, Tensor real, Tensor fake, double r1Gamma = 0)
    {
        optimizer.zero_grad();
        if (r1Gamma > 0) real = real.detach().requires_grad_(true);
        var realLogits = discriminator.call(real);
        var loss = GanLoss.Of(realLogits, real: true) + GanLoss.Of(discriminator.call(fake.detach()), real: false);
        if (r1Gamma > 0)
        {
            var gradient = autograd.grad([realLogits.sum()], [real], retain_graph: true, create_graph: true)[0];
            loss = loss + r1Gamma / 2 * gradient.pow(2).sum([1, 2, 3]).mean();
        }
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>G learns to make D answer "real" for its fakes; only G's optimiser steps.</summary>
    public static float BackwardG(DcganDiscriminator discriminator, OptimizerHelper optimizer, Tensor fake)
    {
        optimizer.zero_grad();
        var loss = GanLoss.Of(discriminator.call(fake), real: true);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    private (Tensor Labels, Contracts.Data.SplitFile Split) LoadLabels()
    {
        var source = SliceSource.Open(config.Data, config.Store);
        var split = DatasetSplit.Resolve(source.Dataset, config.SplitFile, config.Validation, config.Test, config.SplitSeed);
        var options = SliceOptionsFactory.Create("t1ce", Words.Of(config.Region), config.Policy, config.Size);
        var slices = source.LoadSlices(split.Train, options);
        if (slices.Count == 0)
            throw new ArgumentException($"the slice policy '{config.Policy}' left no training label maps");
        var channels = config.LabelChannels;
        var pixels = config.Size * config.Size;
        var data = new float[slices.Count * channels * pixels];
        for (var i = 0; i < slices.Count; i++)
        {
            var label = config.CentredMaps ? LabelCentring.Centre(slices[i].Label, config.Size) : slices[i].Label;
            LabelPlanes.Encode(label, channels, data.AsSpan(i * channels * pixels, channels * pixels));
        }
        return (tensor(data, [slices.Count, channels, config.Size, config.Size]), split);
    }

    private void WriteSamples(DcganGenerator generator, Tensor noise, Device device, string path)
    {
        generator.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        SampleGrid.WriteLabels(path, generator.call(noise.to(device)), config.InternalLabels, GridColumns);
    }
}
