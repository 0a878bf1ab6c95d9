using System.CommandLine;
using BrainAug.Contracts.Training;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Commands;

/// <summary><c>tumour</c>: trains the Tumour Generator (DCGAN) on the dataset's tumour label maps.</summary>
internal static class TumourCommand
{
    public static TrainingCommand Create(string[] args)
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (BraTS or MSD layout)", Required = true };
        var output = new Option<string>("--out") { Description = "Run folder (must be new unless --resume)", Required = true };
        var preset = PresetOption.Create("study: 128x128, batch 1, 30 epochs");
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint" };
        var noise = new Option<int?>("--noise") { Description = "Noise vector length nz (study 100)" };
        var widthG = new Option<int?>("--width-g") { Description = "Generator's last hidden width (study 32)" };
        var widthD = new Option<int?>("--width-d") { Description = "Discriminator's first width (study 32)" };
        var centred = new Option<bool>("--centred") { Description = "Centre each training map's tumour in the frame, so the generator learns shapes only; place its tumours with brainaug-client augment --centre random" };
        var r1 = new Option<double?>("--r1") { Description = "Weight gamma of an R1 penalty on the discriminator's gradient at real maps (0: the study's plain DCGAN)" };
        r1.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is < 0) r.AddError("--r1 must be 0 or more"); });
        var o = new TrainingOptions();
        var command = new Command("tumour", "Train the Tumour Generator: a DCGAN that turns 100-d Gaussian noise into tumour label maps (--size must be a power of two).")
        {
            data, output, preset, resume, noise, widthG, widthD, centred, r1,
        };
        o.AddTo(command);
        TumourConfig Config(ParseResult parse)
        {
            var config = Presets.Tumour(parse.GetValue(preset)!, parse.GetValue(data)!, parse.GetValue(output)!);
            return o.Apply(parse, config, CommandErrors.CommandLine(args)) with
            {
                NoiseSize = parse.GetValue(noise) ?? config.NoiseSize,
                GeneratorWidth = parse.GetValue(widthG) ?? config.GeneratorWidth,
                DiscriminatorWidth = parse.GetValue(widthD) ?? config.DiscriminatorWidth,
                CentredMaps = parse.GetValue(centred) || config.CentredMaps,
                R1Gamma = parse.GetValue(r1) ?? config.R1Gamma,
            };
        }
        command.SetAction(parse => CommandErrors.Run(args, () =>
        {
            var config = Config(parse);
            var (epochs, path) = new TumourTraining(config, parse.GetValue(resume)).Run();
            Console.WriteLine($"tumour: {epochs} epochs; generator.weights and samples_epochNNN.png in {path}");
            return 0;
        }));
        return new TrainingCommand(command, Config);
    }
}
