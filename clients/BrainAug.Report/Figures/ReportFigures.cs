using System.Globalization;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Generation;
using BrainAug.Contracts.Training;
using BrainAug.Report.Experiment;
using BrainAug.Report.Quality;
using BrainAug.Report.Writing;

namespace BrainAug.Report.Figures;

/// <summary>The report's figures, each drawn into the figures folder with its title and caption.</summary>
public static class ReportFigures
{
    private const int GridColumns = 4, OverlayColumns = 6, ClosestPairs = 5, InpaintedRows = 6;

    public static List<Figure> Draw(ExperimentRun run, ReportSlices slices, IReadOnlyList<InpaintedPair> inpainted, QualityResult quality, string folder)
    {
        var list = new List<Figure>();
        void Add(string file, string title, string caption, Action<string> draw)
        {
            draw(Path.Combine(folder, file));
            list.Add(new Figure(file, title, caption));
        }

        Add("loss_curves.png", "Validation loss of every arm", "Seg-DNN validation loss per epoch; first seed solid, further seeds dashed.",
            path => Plots.LossCurves(path, [.. run.Arms.Select(arm => (arm, (IReadOnlyList<double[]>)[.. run.SeedsOf(arm).Select(seed => run.ValidationLosses(arm, seed))]))],
                run.Seg.Loss == SegLoss.BceDice ? "BCE + soft Dice" : "BCE"));
        Add("samples_real.png", "Real training slices", "Slice and its tumour mask (red), real training set.",
            path => Grids.Slices(path, slices.RealTrain, GridColumns));
        Add("samples_geometric.png", "Geometric copies", "The geometric arm's copies of the same real slices (seed 1): flip, rotation, scale, elastic warp.",
            path => Grids.Slices(path, slices.Geometric, GridColumns));
        Add("samples_synthetic.png", "Synthetic pairs", run.Brain?.Inpaints == true
                ? $"The first synthetic pairs: {(run.Record.Tumours == TumourSources.Real ? "a real training tumour's mask" : "a Tumour Generator mask")} painted into a real training slice by the Brain Generator, and the pair's label."
                : "The first synthetic pairs: a Tumour Generator mask placed in a brain outline, and the Brain Generator's slice.",
            path => Grids.Slices(path, slices.Synthetic, GridColumns));

        var (shown, probabilities) = ArmSegmentations.Of(run, slices.RealTest, OverlayColumns);
        Add("overlays.png", "Segmentations of each arm", $"Top row: real test slices. Then one row per arm ({string.Join(", ", run.Arms)}), seed 1: " +
            $"yellow = tumour found, green = tumour missed, red = false tumour{(run.Seg.Regions ? " (the whole tumour, WT channel)" : "")}.", path => Grids.Overlays(path, shown, probabilities));

        foreach (var e in quality.Embeddings)
        {
            var name = $"{(e.Method == "PCA" ? "pca" : "tsne")}_{(e.Of == "brains" ? "brains" : "masks")}.png";
            var axes = e.ExplainedVarianceRatio is { } r
                ? ($"PC1 ({r[0]:P1} of variance)", $"PC2 ({r[1]:P1})")
                : ("t-SNE 1", "t-SNE 2");
            Add(name, $"{e.Method} of real vs synthetic {e.Of}", $"Flattened {e.Of}, real training set vs synthetic, as the study plotted them; synthetic should mix with real.",
                path => Plots.Scatter(path, $"{e.Method}: real vs synthetic {e.Of}", e.Real, e.Synthetic, axes.Item1, axes.Item2));
        }

        const int bins = 12;
        foreach (var (set, name) in new[] { (slices.RealTrain, "real"), (slices.Synthetic, "synthetic") })
            Add($"centroids_{name}.png", $"Where the {name} tumours are", $"Tumour-mask centroids of the {name} {(name == "real" ? "training " : "")}slices on a " +
                $"{bins}x{bins} grid over the image, oriented as the grids show slices (fraction of the {set.Count(s => s.TumourPixels > 0)} slices with tumour).",
                path => Plots.Heatmap(path, $"Tumour centroids: {name}", TumourMaps.CentroidHistogram(set, bins), "image left to right", "image bottom to top"));
        Add("tumour_areas.png", "Tumour areas, real vs synthetic", $"Area of the target ({Words.Of(run.Seg.Region)}) per slice, mm^2 at BraTS's 1 mm grid; " +
            "slices without it count at 0.",
            path => Plots.Distributions(path, "Target area per slice", "area (mm^2)",
                [("real training", TumourMaps.AreasMm2(slices.RealTrain)), ("synthetic", TumourMaps.AreasMm2(slices.Synthetic))]));
        var montage = Path.Combine(run.Data, DatasetFiles.PhantomMontage);
        if (File.Exists(montage))
            Add("data_montage.png", "The data", "The dataset's own montage (written by `brainaug-trainer phantom`): per case FLAIR, T1, T1ce, T2 and the labels " +
                "over T1ce (red core, green edema, yellow enhancing), at its slice with the most tumour.", path => File.Copy(montage, path));

        var m = quality.Memorisation;
        Add("memorisation.png", "Distance to the nearest real training slice", "RMS pixel distance to the nearest real training slice, " +
            "for synthetic slices and for unseen real test slices; synthetic slices far closer than the test slices would be copies.",
            path => Plots.Distributions(path, "Nearest real training slice", "RMS distance",
                [("synthetic", [.. m.Synthetic.Select(n => n.Distance)]), ("real test", [.. m.RealTest.Select(n => n.Distance)])]));
        var closest = m.Synthetic.OrderBy(n => n.Distance).Take(ClosestPairs).ToList();
        Add("closest_pairs.png", "Closest synthetic-real pairs", "Left: the synthetic slices nearest to a real training slice; right: that real slice. " +
            "Distances: " + string.Join(", ", closest.Select(n => n.Distance.ToString("F4", CultureInfo.InvariantCulture))) + ".",
            path => Grids.Pairs(path, [.. closest.Select(n => (slices.Synthetic[n.Query], slices.RealTrain[n.Reference]))]));
        if (quality.TumourMemorisation is { } t)
            Add("tumour_memorisation.png", "Distance to the nearest real training tumour", "RMS distance between tumour patches (the region round " +
                "each tumour, everything outside it set to 0, so the host anatomy does not count) and the nearest real training tumour's patch, for the " +
                "painted tumours and for unseen real test tumours; painted tumours far closer than the test tumours would be copied tumours.",
                path => Plots.Distributions(path, "Nearest real training tumour", "RMS distance",
                    [("painted", [.. t.Synthetic.Select(n => n.Distance)]), ("real test", [.. t.RealTest.Select(n => n.Distance)])]));
        var shownPairs = inpainted.Where(p => p.Host is not null).Take(InpaintedRows).ToList();
        if (shownPairs.Count > 0)
            Add("inpainting.png", "Tumours painted into real slices", "One synthetic pair per row: the real training slice it was painted into (host), " +
                "the region the generator painted (green), the synthetic slice, and its label (red; the host's own tumour stays labelled).",
                path => Grids.Inpainted(path, shownPairs));
        return list;
    }
}
