using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Augmentation;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;
using BrainAug.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>The outcome of a Seg-DNN run.</summary>
public sealed record SegResult(int EpochsRun, double BestValidationLoss, double LastValidationDice, string RunPath);

/// <summary>
/// Trains the U-Net: Adam, BCE-with-logits (binary) or cross-entropy (multi-class), a validation pass per
/// epoch with early stopping on its loss, best and final weights (of the weight average when there is one), a
/// checkpoint per epoch for --resume. <paramref name="cpu"/> (this machine's when null) decides what --precision auto means.
/// </summary>
public sealed class SegTraining(SegConfig config, bool resume, CpuProbe? cpu = null)
{
    public SegResult Run()
    {
        var started = DateTimeOffset.Now;
        var run = new RunDirectory(config.Out, resume);
        var device = TorchDevice.Choose(config.Device, config.Threads);
        var (precision, precisionReason) = PrecisionChoice.Resolve(config.Precision, device.type == TorchSharp.DeviceType.CUDA, cpu ?? CpuProbe.ThisMachine);
        Console.WriteLine($"seg: {TorchDevice.Describe(device)}, precision {Words.Of(precision)} ({precisionReason}), loss {Words.Of(config.Loss)}, run folder {run.Path}");
        if (precision == Precision.Bf16 && device.type == TorchSharp.DeviceType.CPU && !CpuFeatures.HasNativeBf16)
            Console.WriteLine("seg: warning: this CPU has no native bf16 (AVX512-BF16 or AMX); libtorch emulates it, so bf16 will be slower than fp32 here");

        var (train, validation, split, realImages) = LoadData();
        run.WriteConfig(config);
        run.WriteSplit(split);
        Console.WriteLine($"seg: {train.Count} training and {validation.Count} validation slices of {config.Size}x{config.Size}");
        random.manual_seed((long)config.Seed);
        UNet CreateNetwork() => new(train[0].Channels, config.SegChannels, config.BaseWidth, config.Depth);
        using var model = CreateNetwork();
        if (config.HeadBias == HeadBias.Prior) HeadPrior.Apply(model, train, config.Region);
        model.to(device);
        using var step = new SegStep(model, config.LearningRate, precision, config.Region, () => CreateNetwork().to(device), config.Loss);
        // With --weight-average the average is the network that is validated and saved; the live one only learns.
        using var average = config.WeightAverageDecay > 0 ? CreateNetwork().to(device) : null;
        var averager = average is null ? null : new WeightAverage(model, average, config.WeightAverageDecay);
        var saved = average ?? model;
        IReadOnlyList<nn.Module> networks = average is null ? [model] : [model, average];
        var loop = new EpochLoop(run, config, started, "Seg-DNN (U-Net)", ["train_loss", "validation_loss", "validation_dice"], ["train_loss", "validation_loss"],
            (train.Count + config.BatchSize - 1) / config.BatchSize);
        loop.Restore(resume, networks, step.Optimizers, step.ExtraState);
        step.SyncCompute();

        double dice = double.NaN;
        bool StoppedEarly() => config.Patience > 0 && loop.Progress.EpochsWithoutImprovement >= config.Patience;
        loop.Run(epoch =>
        {
            step.SetLearningRate(epoch >= config.LateFromEpoch ? config.LateLearningRate : config.LearningRate);
            var trainLoss = TrainEpoch(step, averager, train, epoch, device, run, loop);
            step.SyncMaster();
            (var validationLoss, dice) = Validate(step, saved, validation, device);
            var improved = validationLoss < loop.Progress.BestValidationLoss;
            return new EpochOutcome([trainLoss, validationLoss, dice], [trainLoss, validationLoss],
                $"train {trainLoss:F4} val {validationLoss:F4} dice {dice:F3}{(improved ? " *" : "")}", () =>
                {
                    if (improved) saved.save(run.File(TrainingRunFiles.BestWeights));
                    loop.Progress = loop.Progress with
                    {
                        BestValidationLoss = Math.Min(validationLoss, loop.Progress.BestValidationLoss),
                        EpochsWithoutImprovement = improved ? 0 : loop.Progress.EpochsWithoutImprovement + 1,
                    };
                });
        }, StoppedEarly);
        if (StoppedEarly()) Console.WriteLine($"seg: stopped early, no better validation loss for {config.Patience} epochs");
        saved.save(run.File(TrainingRunFiles.FinalWeights));
        loop.WriteSummary(TorchDevice.Describe(device), precision, precisionReason, train.Count, realImages, validation.Count, loop.Progress.BestValidationLoss);
        return new SegResult(loop.Progress.NextEpoch, loop.Progress.BestValidationLoss, dice, run.Path);
    }

    /// <summary>The training slices (real, then geometric copies, then synthetic ones) and the validation slices; from a
    /// slice store they are read a batch at a time unless --in-memory, so memory does not grow with the data set.</summary>
    private (IReadOnlyList<BrainSlice> Train, IReadOnlyList<BrainSlice> Validation, Contracts.Data.SplitFile Split, int RealImages) LoadData()
    {
        var source = SliceSource.Open(config.Data, config.Store);
        var split = DatasetSplit.Resolve(source.Dataset, config.SplitFile, config.Validation, config.Test, config.SplitSeed);
        var options = SliceOptionsFactory.Create(config.Modalities, Words.Of(config.Region), config.Policy, config.Size);
        var real = source.Slices(split.Train, options, config.InMemory);
        var validation = source.Slices(split.Validation, options, config.InMemory);
        if (real.Count == 0 || validation.Count == 0)
            throw new ArgumentException($"the slice policy '{config.Policy}' left {real.Count} training and {validation.Count} validation slices; use more cases or another --policy");
        var parts = new List<IReadOnlyList<BrainSlice>> { real };
        if (config.Augment == Augmentation.Copies)
            parts.Add(GeometricAugmentation.LazyCopies(real, config.AugmentCopies > 0 ? config.AugmentCopies : real.Count, config.Seed));
        // After the copies, so that geometric copies are drawn from real slices only (the "real + both" arm).
        if (config.Synthetic is not null)
        {
            IReadOnlyList<BrainSlice> synthetic = LoadSynthetic(config.Synthetic, options);
            if (config.TransformSynthetic)
                synthetic = GeometricAugmentation.LazyCopies(synthetic, synthetic.Count, config.Seed, GeometricAugmentation.SyntheticStream);
            if (config.SyntheticOnly) parts.Clear();
            parts.Add(synthetic);
        }
        return (new ConcatenatedSliceList(parts), validation, split, real.Count);
    }

    /// <summary>Every slice of a synthetic dataset (one per case), with the real data's options; refused unless the
    /// folder carries synthetic.json, so a real dataset cannot slip into training by this route.</summary>
    private static List<BrainSlice> LoadSynthetic(string folder, SliceOptions options)
    {
        var dataset = BrainDataset.Open(folder);
        if (SyntheticDatasetInfo.TryRead(folder) is null)
            throw new ArgumentException($"--synthetic {folder} holds no {SyntheticDatasetInfo.FileName}: not a dataset written by brainaug-client augment");
        return dataset.LoadSlices(dataset.Cases.Select(c => c.Id), options with { Policy = SlicePolicy.All });
    }

    private double TrainEpoch(SegStep step, WeightAverage? averager, IReadOnlyList<BrainSlice> train, int epoch, Device device, RunDirectory run, EpochLoop loop)
    {
        step.Train();
        var batches = Batches.ForEpoch(train.Count, config.BatchSize, config.Seed, epoch);
        var augmentRandom = SeededRandom.For(config.Seed, 0xA070_0000UL + (ulong)epoch);
        double total = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var slices = batches[b].Select(i => train[(int)i]).ToList();
            if (config.Augment == Augmentation.Online) slices = slices.Select(s => GeometricAugmentation.Apply(s, augmentRandom)).ToList();
            using var scope = NewDisposeScope();
            using var batch = SliceTensors.FromSlices(slices, config.Region);
            var value = step.Run(batch.Images.to(device), batch.Labels.to(device));
            total += value;
            var stepNumber = loop.NextStep();
            averager?.Update(stepNumber);
            run.AppendCsv(TrainingRunFiles.StepsCsv, "epoch,step,loss", epoch, stepNumber, value);
            loop.Bar.Step(epoch, b + 1, $"loss {value:F4}");
        }
        return total / batches.Count;
    }

    /// <summary>Loss and Dice over the validation slices, read a batch at a time.</summary>
    private (double Loss, double Dice) Validate(SegStep step, UNet model, IReadOnlyList<BrainSlice> validation, Device device)
    {
        model.eval();
        using var _ = no_grad();
        double loss = 0, intersection = 0, total = 0;
        foreach (var batch in Batches.ForEpoch(validation.Count, config.BatchSize, config.Seed, 0, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var tensors = SliceTensors.FromSlices([.. batch.Select(i => validation[(int)i])], config.Region);
            var images = tensors.Images.to(device);
            var labels = tensors.Labels.to(device);
            var logits = model.call(images);
            loss += step.Loss(logits, labels).item<float>() * batch.Length;
            // Dice of the target (binary), of the whole tumour (multi-class: any label > 0), or pooled over WT, TC, ET.
            var predicted = config.MultiClass ? logits.argmax(1).gt(0) : logits.gt(0);
            var truth = config.MultiClass ? labels.gt(0) : labels.gt(0.5);
            intersection += predicted.logical_and(truth).sum().item<long>();
            total += predicted.sum().item<long>() + truth.sum().item<long>();
        }
        return (loss / validation.Count, total == 0 ? 1 : 2 * intersection / total);
    }
}
