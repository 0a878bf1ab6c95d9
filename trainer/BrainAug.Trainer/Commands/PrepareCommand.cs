using System.CommandLine;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;

namespace BrainAug.Trainer.Commands;

/// <summary><c>prepare</c>: decodes every case of a dataset once and writes the slices a run needs to a slice store
/// that the trainings (--store) read instead of the NIfTI files.</summary>
internal static class PrepareCommand
{
    public static Command Create(string[] args)
    {
        var data = new Option<string>("--data") { Description = "Dataset folder: BraTS case folders or MSD Task01 (imagesTr/, labelsTr/)", Required = true };
        var output = new Option<string>("--out") { Description = "Store folder (created; a rerun reuses every case whose files and options did not change)", Required = true };
        var modalities = new Option<string>("--modalities") { Description = "Comma-separated channels to store: flair,t1,t1ce,t2 (a tool may read any of them)", DefaultValueFactory = _ => "flair,t1,t1ce,t2" };
        var policies = new Option<string[]>("--policy")
        {
            Description = "Slices to store, repeatable: z<index>, tumour[:<min voxels>], max or all; each for any region (et, tc, wt)",
            DefaultValueFactory = _ => ["tumour"], AllowMultipleArgumentsPerToken = true,
        };
        var normalisation = new Option<string>("--norm") { Description = "Per-volume intensity normalisation: minmax, zscore or none", DefaultValueFactory = _ => "minmax" };
        var sizes = new Option<int[]>("--size")
        {
            Description = "Slice side in pixels (pad to square, then resize), repeatable: the sizes the run's networks train at", DefaultValueFactory = _ => [240],
            AllowMultipleArgumentsPerToken = true,
        };
        var threads = new Option<int>("--threads") { Description = "Cases decoded at once; the number of cores by default", DefaultValueFactory = _ => Environment.ProcessorCount };
        normalisation.AcceptOnlyFromAmong("minmax", "zscore", "none");
        sizes.Validators.Add(r => { if (r.GetValueOrDefault<int[]>()!.Any(s => s is < 8 or > 1024)) r.AddError("--size must be 8..1024"); });
        threads.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--threads must be at least 1"); });

        var command = new Command("prepare", "Decode each case once (in parallel) and write its normalised, resized slices, labels, case ids and slice " +
            "indices to a slice store; seg, tumour and brain read it with --store, and no tool decodes the NIfTI files again.")
        {
            data, output, modalities, policies, normalisation, sizes, threads,
        };
        command.SetAction(parse => CommandErrors.Run(args, () =>
        {
            var options = new SliceStoreOptions(
                [.. parse.GetValue(modalities)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Modalities.Parse)],
                SliceOptionsFactory.ParseNormalisation(parse.GetValue(normalisation)!),
                parse.GetValue(sizes)!,
                [.. parse.GetValue(policies)!.Select(SlicePolicy.Parse)]);
            var dataset = BrainDataset.Open(parse.GetValue(data)!);
            var folder = parse.GetValue(output)!;
            var manifest = SliceStorePreparer.Prepare(dataset, options, folder, parse.GetValue(threads), Console.Out);
            Console.WriteLine($"slice store: {folder} ({manifest.Cases.Count} cases, {manifest.Cases.Sum(c => c.Slices.Count)} slices of " +
                $"{string.Join(", ", options.Sizes.Select(s => $"{s}x{s}"))}, {string.Join(",", options.ModalityWords)})");
            return 0;
        }));
        return command;
    }
}
