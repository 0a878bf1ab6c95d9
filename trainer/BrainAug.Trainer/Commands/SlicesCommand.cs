using System.CommandLine;
using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Png;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Commands;

/// <summary><c>slices</c>: splits a dataset by case and exports its training slices as PNG to look at.</summary>
internal static class SlicesCommand
{
    public static Command Create(string[] args)
    {
        var data = new Option<string>("--data") { Description = "Dataset folder: BraTS case folders or MSD Task01 (imagesTr/, labelsTr/)", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder for split.json and <split>/*.png", DefaultValueFactory = _ => "out/slices" };
        var modalities = new Option<string>("--modalities") { Description = "Comma-separated channels: flair,t1,t1ce,t2", DefaultValueFactory = _ => "t1ce" };
        var region = new Option<string>("--region") { Description = "Target: et (enhancing, the study's), tc (core), wt (whole tumour) multiclass or regions (WT, TC, ET)", DefaultValueFactory = _ => "et" };
        var policy = new Option<string>("--policy") { Description = "Slices: z<index> (study: z77), tumour[:<min voxels>] or all", DefaultValueFactory = _ => "z77" };
        var normalisation = new Option<string>("--norm") { Description = "Per-volume intensity normalisation: minmax, zscore or none", DefaultValueFactory = _ => "minmax" };
        var size = new Option<int>("--size") { Description = "Output side in pixels (pad to square, then resize)", DefaultValueFactory = _ => 240 };
        var validation = new Option<double>("--val") { Description = "Fraction of cases for validation", DefaultValueFactory = _ => 0.1 };
        var test = new Option<double>("--test") { Description = "Fraction of cases for test", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the case split", DefaultValueFactory = _ => 1 };
        var maxPng = new Option<int>("--max-png") { Description = "At most this many slices exported per split (0 = all)", DefaultValueFactory = _ => 24 };
        region.AcceptOnlyFromAmong("et", "tc", "wt", "multiclass", "regions");
        normalisation.AcceptOnlyFromAmong("minmax", "zscore", "none");
        size.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 8 or > 1024) r.AddError("--size must be 8..1024"); });

        var command = new Command("slices", "Split a dataset by case (seeded) and export its 2-D training slices as PNG: image, mask and overlay.")
        {
            data, output, modalities, region, policy, normalisation, size, validation, test, seed, maxPng,
        };
        command.SetAction(parse => CommandErrors.Run(args, () =>
        {
            var options = SliceOptionsFactory.Create(parse.GetValue(modalities)!, parse.GetValue(region)!, parse.GetValue(policy)!, parse.GetValue(size), parse.GetValue(normalisation)!);
            var dataset = BrainDataset.Open(parse.GetValue(data)!);
            var split = DatasetSplit.Make(dataset, parse.GetValue(validation), parse.GetValue(test), parse.GetValue(seed));
            return Export(dataset, split, options, parse.GetValue(output)!, parse.GetValue(maxPng));
        }));
        return command;
    }

    private static int Export(BrainDataset dataset, SplitFile split, SliceOptions options, string outputDirectory, int maxPng)
    {
        ContractFile.Write(Path.Combine(outputDirectory, SplitFile.FileName), split);
        var byId = dataset.Cases.ToDictionary(c => c.Id);
        foreach (var (name, ids) in new[] { ("train", split.Train), ("validation", split.Validation), ("test", split.Test) })
        {
            int slices = 0, tumourSlices = 0, exported = 0;
            foreach (var id in ids)
            {
                foreach (var slice in SliceExtractor.Extract(byId[id].Load(options.Modalities), options))
                {
                    slices++;
                    if (slice.TumourPixels > 0) tumourSlices++;
                    if (maxPng != 0 && exported >= maxPng) continue;
                    SliceRenderer.WriteSlicePngs(slice, Path.Combine(outputDirectory, name), binary: options.Region is not null);
                    exported++;
                }
            }
            Console.WriteLine($"{name,-10} {ids.Count,4} cases {slices,6} slices ({tumourSlices} with target), {exported} exported as PNG");
        }
        Console.WriteLine($"split and PNGs in {outputDirectory} (policy {options.Policy}, size {options.Size}, {dataset.Layout} layout)");
        return 0;
    }
}
