using System.CommandLine;
using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Commands;

/// <summary><c>brain</c>: trains the Brain Generator (pix2pix) on (label map, slice) pairs.</summary>
internal static class BrainCommand
{
    public static TrainingCommand Create(string[] args)
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (BraTS or MSD layout)", Required = true };
        var output = new Option<string>("--out") { Description = "Run folder (must be new unless --resume)", Required = true };
        var preset = PresetOption.Create("240x240, 4 downs, widths 64, batch 1");
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint" };
        var condition = TrainingOptions.WordOption<BrainCondition>("--condition", "label (tumour map only, the study), label+outline (plus the real slice's brain mask) or inpaint (paint the tumour into the real slice, inside a region around it)");
        var margin = new Option<int?>("--margin") { Description = "Inpainting: pixels the painted region reaches beyond the tumour label (default 3)" };
        margin.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0 or > 64) result.AddError("--margin must lie in 0..64 pixels");
        });
        var downs = new Option<int?>("--downs") { Description = "U-Net generator down-samplings; --size must be divisible by 2^downs" };
        var lambda = new Option<double?>("--lambda") { Description = "Weight of the L1 loss (pix2pix 100)" };
        var widthG = new Option<int?>("--width-g") { Description = "Generator's first width ngf (pix2pix 64)" };
        var widthD = new Option<int?>("--width-d") { Description = "Discriminator's first width ndf (pix2pix 64)" };
        var layersD = new Option<int?>("--layers-d") { Description = "PatchGAN strided layers (pix2pix 3)" };
        var o = new TrainingOptions();
        var modalities = ModalitiesOption.Create();
        var command = new Command("brain", "Train the Brain Generator: pix2pix (U-Net generator, PatchGAN discriminator, adversarial + lambda*L1) rendering an MRI slice for a tumour label map.")
        {
            data, output, preset, resume, modalities, condition, margin, downs, lambda, widthG, widthD, layersD,
        };
        o.AddTo(command);
        BrainConfig Config(ParseResult parse)
        {
            var config = Presets.Brain(parse.GetValue(preset)!, parse.GetValue(data)!, parse.GetValue(output)!);
            return o.Apply(parse, config, CommandErrors.CommandLine(args)) with
            {
                Modalities = parse.GetValue(modalities) ?? config.Modalities,
                Condition = TrainingOptions.Word<BrainCondition>(parse, condition) ?? config.Condition,
                Downs = parse.GetValue(downs) ?? config.Downs,
                Lambda = parse.GetValue(lambda) ?? config.Lambda,
                RegionMargin = parse.GetValue(margin) ?? config.RegionMargin,
                GeneratorWidth = parse.GetValue(widthG) ?? config.GeneratorWidth,
                DiscriminatorWidth = parse.GetValue(widthD) ?? config.DiscriminatorWidth,
                DiscriminatorLayers = parse.GetValue(layersD) ?? config.DiscriminatorLayers,
            };
        }
        command.SetAction(parse => CommandErrors.Run(args, () =>
        {
            var config = Config(parse);
            var (epochs, validationL1, path) = new BrainTraining(config, parse.GetValue(resume)).Run();
            Console.WriteLine($"brain: {epochs} epochs, validation L1 {validationL1:F4} (condition {Words.Of(config.Condition)}); generator.weights and samples in {path}");
            return 0;
        }));
        return new TrainingCommand(command, Config);
    }
}
