using BrainAug.Plotting;
using ScottPlot;

namespace BrainAug.Report.Figures;

/// <summary>The report's charts (ScottPlot), each saved as a PNG; a chart whose text the machine's fonts cannot draw
/// stops the report (<see cref="PlotTextException"/>).</summary>
public static class Plots
{
    private static readonly Color[] Palette =
        [Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"), Color.FromHex("#9467bd"), Color.FromHex("#8c564b")];

    /// <summary>Validation loss per epoch: one colour per arm, one line per seed (first seed solid, others dashed).</summary>
    public static void LossCurves(string path, IReadOnlyList<(string Arm, IReadOnlyList<double[]> Seeds)> arms, string loss = "BCE") =>
        PlotFile.SavePng(LossCurvesPlot(arms, loss), path, 760, 460);

    /// <param name="loss">The loss's name on the y axis.</param>
    public static Plot LossCurvesPlot(IReadOnlyList<(string Arm, IReadOnlyList<double[]> Seeds)> arms, string loss = "BCE")
    {
        var plot = new Plot();
        for (var a = 0; a < arms.Count; a++)
            for (var s = 0; s < arms[a].Seeds.Count; s++)
            {
                var losses = arms[a].Seeds[s];
                var line = plot.Add.Scatter(Enumerable.Range(1, losses.Length).Select(e => (double)e).ToArray(), losses);
                line.Color = Palette[a % Palette.Length];
                line.MarkerSize = 4;
                if (s == 0) line.LegendText = arms[a].Arm;
                else line.LinePattern = LinePattern.Dashed;
            }
        plot.Title("Seg-DNN validation loss (every arm and seed)");
        plot.XLabel("epoch");
        plot.YLabel($"validation loss ({loss})");
        EpochLegend.ShowBeside(plot);
        return plot;
    }

    /// <summary>Two point sets in one scatter plot (real blue, synthetic orange).</summary>
    public static void Scatter(string path, string title, double[][] real, double[][] synthetic, string xLabel, string yLabel)
    {
        var plot = new Plot();
        foreach (var (points, label, colour) in new[] { (real, "real", Palette[0]), (synthetic, "synthetic", Palette[1]) })
        {
            var dots = plot.Add.Scatter(points.Select(p => p[0]).ToArray(), points.Select(p => p[1]).ToArray());
            dots.LineWidth = 0;
            dots.MarkerSize = 5;
            dots.Color = colour.WithAlpha(0.6);
            dots.LegendText = $"{label} ({points.Length})";
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        PlotFile.SavePng(plot, path, 520, 440);
    }

    /// <summary>Distributions as frequency polygons (fraction of each set per bin), so sets of different sizes compare.</summary>
    public static void Distributions(string path, string title, string xLabel, IReadOnlyList<(string Label, double[] Values)> sets, int bins = 30)
    {
        var all = sets.SelectMany(s => s.Values).ToArray();
        var (low, high) = (all.Min(), all.Max());
        var width = high > low ? (high - low) / bins : 1;
        var plot = new Plot();
        for (var i = 0; i < sets.Count; i++)
        {
            var counts = new double[bins];
            foreach (var v in sets[i].Values) counts[Math.Min(bins - 1, (int)((v - low) / width))] += 1.0 / sets[i].Values.Length;
            var line = plot.Add.Scatter(Enumerable.Range(0, bins).Select(b => low + (b + 0.5) * width).ToArray(), counts);
            line.Color = Palette[i % Palette.Length];
            line.LegendText = $"{sets[i].Label} ({sets[i].Values.Length})";
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("fraction of the set");
        plot.ShowLegend();
        PlotFile.SavePng(plot, path, 620, 420);
    }

    /// <summary>A grid of fractions as a heatmap with a colour bar, row 0 at the top as in an image.</summary>
    public static void Heatmap(string path, string title, double[,] values, string xLabel, string yLabel) =>
        PlotFile.SavePng(HeatmapPlot(title, values, xLabel, yLabel), path, 520, 440);

    public static Plot HeatmapPlot(string title, double[,] values, string xLabel, string yLabel)
    {
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        // Cell numbers would count rows upwards while the image's top row is drawn at the top: leave them out.
        plot.Axes.Left.TickLabelStyle.IsVisible = false;
        plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }
}
