using System.CommandLine;
using BrainAug.Clients.Augmentation;
using BrainAug.Contracts.Generation;
using BrainAug.Contracts.Models;

namespace BrainAug.Clients.Commands;

/// <summary>brainaug-client augment: writes N synthetic (slice, label) pairs through the server.</summary>
public static class AugmentCommand
{
    /// <summary>The command, and the settings a parsed command line of it runs with (its checks included).</summary>
    public static (Command Command, Func<ParseResult, AugmentSettings> Settings) Create()
    {
        var common = new CommonOptions();
        var count = new Option<int>("--count") { Description = "number of synthetic pairs", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "seed of every random choice", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "output folder (a rerun with the same arguments continues it)", Required = true };
        var tumour = new Option<string>("--tumour-model") { Description = "tumour generator, name or name:version", DefaultValueFactory = _ => ModelNames.TumourGenerator };
        var brain = new Option<string>("--brain-model") { Description = "brain generator, name or name:version", DefaultValueFactory = _ => ModelNames.BrainGenerator };
        var data = new Option<string?>("--data") { Description = "real dataset (BraTS or MSD) whose training cases give the brain outlines or the inpainting hosts" };
        var validation = new Option<double>("--val") { Description = "validation fraction of the trainer's split, kept out of the outlines and hosts", DefaultValueFactory = _ => 0.1 };
        validation.Aliases.Add("--validation"); // the trainer's name for it
        var test = new Option<double>("--test") { Description = "test fraction, kept out likewise", DefaultValueFactory = _ => 0.2 };
        var splitFile = SplitFileOption.Create();
        var store = StoreOption.Create();
        var splitSeed = new Option<ulong>("--split-seed") { Description = "seed of the trainer's case split", DefaultValueFactory = _ => 1 };
        var centre = new Option<string>("--centre") { Description = "tumour centre: generated (where the generator drew it), random (a random brain pixel), or x,y fractions", DefaultValueFactory = _ => "generated" };
        var scale = new Option<string>("--scale") { Description = "tumour scale range min,max", DefaultValueFactory = _ => "1,1" };
        var rotation = new Option<double>("--rotation") { Description = "largest tumour rotation either way, degrees", DefaultValueFactory = _ => 0 };
        var lesion = new Option<string>("--lesion")
        {
            Description = "what of each generated tumour map is placed: drawn (all of it) or largest (its largest connected lesion, without the specks a small GAN scatters around it)",
            DefaultValueFactory = _ => "drawn",
        };
        lesion.AcceptOnlyFromAmong("drawn", "largest");
        var hosts = new Option<string>("--hosts") { Description = "inpainting brain generator: which real training slices host the tumours: all, healthy (no tumour of their own) or tumour", DefaultValueFactory = _ => "all" };
        hosts.AcceptOnlyFromAmong(HostSlices.Choices);
        var tumours = new Option<string>("--tumours")
        {
            Description = "where each new tumour's map comes from: generated (the tumour generator) or real (a real training slice's tumour, " +
                          "then placed by --centre, --scale and --rotation; needs an inpainting brain generator and --data)",
            DefaultValueFactory = _ => TumourSources.Generated,
        };
        tumours.AcceptOnlyFromAmong(TumourSources.Choices);
        var previews = new Option<bool>("--previews") { Description = "also write a PNG overlay per sample" };
        var nnunet = new Option<string?>("--nnunet") { Description = "also write the nnU-Net v2 raw format into this folder" };
        var nnunetId = new Option<int>("--nnunet-id") { Description = "nnU-Net dataset number", DefaultValueFactory = _ => 501 };
        var nnunetName = new Option<string>("--nnunet-name") { Description = "nnU-Net dataset name", DefaultValueFactory = _ => "BrainAugSynthetic" };
        var withReal = new Option<bool>("--nnunet-with-real") { Description = "merge the real training cases of --data into the nnU-Net dataset" };

        var command = new Command("augment", "Generate synthetic (slice, label) pairs through brainaug-server and write them as a dataset the trainer reads (BraTS-like NIfTI + manifest.jsonl).");
        foreach (var option in new Option[] { count, seed, output, tumour, brain, data, validation, test, splitSeed, splitFile, store, centre, scale, rotation, lesion, hosts, tumours, previews, nnunet, nnunetId, nnunetName, withReal })
            command.Options.Add(option);
        common.AddTo(command);
        count.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000_000) r.AddError("--count must lie in 1..10000000"); });
        nnunetId.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 999) r.AddError("--nnunet-id must lie in 1..999"); });

        AugmentSettings Settings(ParseResult parse)
        {
            var scales = parse.GetValue(scale)!.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (scales.Length != 2 || scales[0] <= 0 || scales[1] < scales[0]) throw new FormatException("--scale must be min,max with 0 < min <= max");
            var placement = new PlacementOptions(parse.GetValue(centre)!, scales[0], scales[1], parse.GetValue(rotation), parse.GetValue(lesion) == "largest");
            placement.FixedCentre(); // checks the --centre syntax before any work
            var dataFolder = parse.GetValue(data) is { } d ? Path.GetFullPath(d) : null;
            if (parse.GetValue(withReal) && dataFolder is null) throw new ArgumentException("--nnunet-with-real needs --data");
            return new AugmentSettings
            {
                Count = parse.GetValue(count), Seed = parse.GetValue(seed), TumourModel = parse.GetValue(tumour)!, BrainModel = parse.GetValue(brain)!,
                Data = dataFolder, Validation = parse.GetValue(validation), Test = parse.GetValue(test), SplitSeed = parse.GetValue(splitSeed),
                SplitFile = parse.GetValue(splitFile) is { } splitPath ? Path.GetFullPath(splitPath) : null, Store = StoreOption.Value(parse, store),
                Placement = placement, Hosts = parse.GetValue(hosts)!, Tumours = parse.GetValue(tumours)!, Previews = parse.GetValue(previews), CommandLine = Environment.CommandLine,
            };
        }
        command.SetAction((parse, cancellation) => ClientErrors.RunAsync(parse.GetValue(common.Verbose), async () =>
        {
            var settings = Settings(parse);
            using var connection = common.Connect(parse);
            var outputFolder = Path.GetFullPath(parse.GetValue(output)!);
            using var protocol = common.OpenProtocol(parse, connection);
            var summary = await new AugmentationRun(protocol, settings, outputFolder, parse.GetValue(common.Concurrency)).RunAsync(cancellation);
            if (parse.GetValue(nnunet) is { } nnunetRoot)
                summary += "\n" + NnUnetWriter.Write(outputFolder, nnunetRoot, parse.GetValue(nnunetId), parse.GetValue(nnunetName)!,
                    parse.GetValue(withReal) ? settings : null);
            return summary;
        }));
        return (command, Settings);
    }
}
