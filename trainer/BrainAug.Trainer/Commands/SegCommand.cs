using System.CommandLine;
using BrainAug.Contracts.Training;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Commands;

/// <summary><c>seg</c>: trains the Seg-DNN (U-Net) on a dataset's slices.</summary>
internal static class SegCommand
{
    public static TrainingCommand Create(string[] args)
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (BraTS or MSD layout; the phantom, or a synthetic set)", Required = true };
        var output = new Option<string>("--out") { Description = "Run folder (must be new unless --resume)", Required = true };
        var preset = PresetOption.Create("study sizes, GPU");
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint" };
        var o = new TrainingOptions();
        var modalities = ModalitiesOption.Create();
        var augment = TrainingOptions.WordOption<Augmentation>("--augment", "Geometric augmentation: none, copies (a fixed set of --augment-copies transformed slices, the study's baseline) or online");
        var copies = new Option<int?>("--augment-copies") { Description = "Number of transformed copies for --augment copies (default: as many as training slices)" };
        var baseWidth = new Option<int?>("--base-width") { Description = "U-Net channels at the first level (paper 64, small 8)" };
        var depth = new Option<int?>("--depth") { Description = "U-Net poolings (paper 4); --size must be divisible by 2^depth" };
        var lateRate = new Option<double?>("--late-lr") { Description = "Learning rate from --late-from on (the study: 5e-6)" };
        var lateFrom = new Option<int?>("--late-from") { Description = "First epoch (0-based) of the late learning rate" };
        var patience = new Option<int?>("--patience") { Description = "Early stopping after this many epochs without a better validation loss (0 = off)" };
        var synthetic = new Option<string?>("--synthetic") { Description = "Synthetic dataset (from brainaug-client augment) added to the training slices; validation and test stay real" };
        var syntheticOnly = new Option<bool>("--synthetic-only") { Description = "Train on the --synthetic slices alone; the real dataset gives only validation (and test) slices" };
        var transformSynthetic = new Option<bool>("--transform-synthetic") { Description = "Give each --synthetic pair one random geometric transform (flip, rotation, scale, elastic warp; drawn once from --seed, as the copies are) instead of training on it as written" };
        var precision = TrainingOptions.WordOption<Precision>("--precision", "auto (default: bf16 where it is native - CUDA, or AVX512-BF16/AMX with oneDNN allowed to use it - else fp32), fp32, or bf16 (bf16 compute with fp32 master weights and Adam state); the run summary says what auto chose and why");
        var loss = TrainingOptions.WordOption<SegLoss>("--loss", "bce (the study's, default) or bce+dice (adds a soft Dice term: small targets are not drowned by background)");
        var headBias = TrainingOptions.WordOption<HeadBias>("--head-bias", "default (the study's) or prior: the last layer's bias starts at the log-odds of the target's pixel share, so no seed spends its first epochs predicting nothing (small preset: prior)");
        var weightAverage = new Option<double?>("--weight-average") { Description = "Validate and save an exponential moving average of the weights with this decay per step, e.g. 0.99 (0 = off, default): less seed-to-seed spread" };
        weightAverage.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is < 0 or >= 1) result.AddError("--weight-average must lie in [0, 1)");
        });

        var command = new Command("seg", "Train the Seg-DNN (U-Net) on 2-D slices: BCE-with-logits (or BCE + soft Dice, --loss) on a region or cross-entropy on 4 classes, Adam, validation and early stopping, a checkpoint every epoch.")
        {
            data, output, preset, resume, modalities, augment, copies, synthetic, syntheticOnly, transformSynthetic, baseWidth, depth, lateRate, lateFrom, patience, precision, loss, headBias, weightAverage,
        };
        o.AddTo(command);
        SegConfig Config(ParseResult parse)
        {
            var config = Presets.Seg(parse.GetValue(preset)!, parse.GetValue(data)!, parse.GetValue(output)!);
            config = o.Apply(parse, config, CommandErrors.CommandLine(args)) with
            {
                Modalities = parse.GetValue(modalities) ?? config.Modalities,
                Augment = TrainingOptions.Word<Augmentation>(parse, augment) ?? config.Augment,
                AugmentCopies = parse.GetValue(copies) ?? config.AugmentCopies,
                Synthetic = parse.GetValue(synthetic) is { } s ? Path.GetFullPath(s) : config.Synthetic,
                BaseWidth = parse.GetValue(baseWidth) ?? config.BaseWidth,
                Depth = parse.GetValue(depth) ?? config.Depth,
                LateLearningRate = parse.GetValue(lateRate) ?? config.LateLearningRate,
                LateFromEpoch = parse.GetValue(lateFrom) ?? config.LateFromEpoch,
                Patience = parse.GetValue(patience) ?? config.Patience,
                Precision = TrainingOptions.Word<Precision>(parse, precision) ?? config.Precision,
                Loss = TrainingOptions.Word<SegLoss>(parse, loss) ?? config.Loss,
                HeadBias = TrainingOptions.Word<HeadBias>(parse, headBias) ?? config.HeadBias,
                WeightAverageDecay = parse.GetValue(weightAverage) ?? config.WeightAverageDecay,
                SyntheticOnly = parse.GetValue(syntheticOnly),
                TransformSynthetic = parse.GetValue(transformSynthetic),
            };
            if (config.SyntheticOnly && (config.Synthetic is null || config.Augment == Augmentation.Copies))
                throw new ArgumentException("--synthetic-only needs --synthetic and no --augment copies (the copies are drawn from real slices)");
            if (config.TransformSynthetic && config.Synthetic is null)
                throw new ArgumentException("--transform-synthetic needs --synthetic (it transforms the synthetic pairs)");
            return config;
        }
        command.SetAction(parse => CommandErrors.Run(args, () =>
        {
            var config = Config(parse);
            var result = new SegTraining(config, parse.GetValue(resume)).Run();
            Console.WriteLine($"seg: {result.EpochsRun} epochs, best validation loss {result.BestValidationLoss:F4}, validation Dice {result.LastValidationDice:F3}; weights in {result.RunPath}");
            return 0;
        }));
        return new TrainingCommand(command, Config);
    }
}
