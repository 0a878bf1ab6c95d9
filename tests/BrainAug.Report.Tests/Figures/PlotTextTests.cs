using BrainAug.Plotting;
using BrainAug.Report.Figures;
using ScottPlot;
using SkiaSharp;

namespace BrainAug.Report.Tests.Figures;

/// <summary>
/// Charts are written with their text or not at all: a report chart's PNG has ink where its title and axis labels
/// go, and a chart with a character no installed font can draw is refused.
/// </summary>
public class PlotTextTests : IDisposable
{
    private const int Width = 760, Height = 460;
    private readonly string _folder = Directory.CreateTempSubdirectory("brainaug-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<(string Arm, IReadOnlyList<double[]> Seeds)> Arms =>
        [("real", [[0.9, 0.5, 0.3], [0.8, 0.5, 0.4]]), ("synthetic", [[0.7, 0.4, 0.2], [0.9, 0.6, 0.3]])];

    [Fact]
    public void LossCurves_TextPixelsWhereTitleAndAxisLabelsGo()
    {
        // The same chart twice, the second with its title and axis labels in the background colour: the layout is
        // the same, so the pixels that differ are exactly the ones the label text drew.
        var plot = Plots.LossCurvesPlot(Arms);
        var hidden = Plots.LossCurvesPlot(Arms);
        foreach (var label in new[] { hidden.Axes.Title.Label, hidden.Axes.Bottom.Label, hidden.Axes.Left.Label }) label.ForeColor = Colors.White;
        var path = Path.Combine(_folder, "loss_curves.png");
        var hiddenPath = Path.Combine(_folder, "hidden.png");

        PlotFile.SavePng(plot, path, Width, Height);
        PlotFile.SavePng(hidden, hiddenPath, Width, Height);

        var data = plot.RenderManager.LastRender.DataRect;
        Assert.Equal(data, hidden.RenderManager.LastRender.DataRect);
        var text = TextPixels(path, hiddenPath, data);
        Assert.True(text.Title > 100, $"title: {text.Title} text pixels above the data area");
        Assert.True(text.XLabel > 100, $"x-axis label: {text.XLabel} text pixels below the data area");
        Assert.True(text.YLabel > 100, $"y-axis label: {text.YLabel} text pixels left of the data area");
        Assert.Equal(0, text.Inside);
    }

    [Fact]
    public void LossCurves_LegendHidesNoPoint()
    {
        // Validation losses fall, so the last epochs sit low on the right, where a legend inside the data area went.
        IReadOnlyList<(string Arm, IReadOnlyList<double[]> Seeds)> arms = [("real", [[0.9, 0.6, 0.4, 0.35]]), ("synthetic", [[0.8, 0.5, 0.3, 0.2]])];
        var plot = Plots.LossCurvesPlot(arms);
        var path = Path.Combine(_folder, "legend.png");

        PlotFile.SavePng(plot, path, Width, Height);

        // Each point's marker is drawn in its arm's colour; the legend's box, text and the grid are grey, black or white.
        using var bitmap = SKBitmap.Decode(path);
        foreach (var (arm, seeds) in arms)
            for (var epoch = 1; epoch <= seeds[0].Length; epoch++)
            {
                var pixel = plot.GetPixel(new Coordinates(epoch, seeds[0][epoch - 1]));
                var colour = bitmap.GetPixel((int)Math.Round(pixel.X), (int)Math.Round(pixel.Y));
                var chroma = Math.Max(colour.Red, Math.Max(colour.Green, colour.Blue)) - Math.Min(colour.Red, Math.Min(colour.Green, colour.Blue));
                Assert.True(chroma > 80, $"{arm}'s epoch {epoch} is hidden: {colour} at {pixel}");
            }
    }

    [Fact]
    public void Heatmap_FirstRowDrawnAtTheTop()
    {
        var values = new double[4, 4];
        values[0, 0] = 1; // the image's top-left cell
        var plot = Plots.HeatmapPlot("top-left", values, "column", "row");
        var path = Path.Combine(_folder, "heatmap.png");

        PlotFile.SavePng(plot, path, Width, Height);

        using var bitmap = SKBitmap.Decode(path);
        var data = plot.RenderManager.LastRender.DataRect;
        float Brightness(double fx, double fy)
        {
            var pixel = bitmap.GetPixel((int)(data.Left + fx * data.Width), (int)(data.Top + fy * data.Height));
            return pixel.Red + pixel.Green + pixel.Blue;
        }
        Assert.True(Brightness(0.1, 0.1) > Brightness(0.1, 0.9) + 100, $"top-left {Brightness(0.1, 0.1)}, bottom-left {Brightness(0.1, 0.9)}");
    }

    [Fact]
    public void CharacterNoFontCanDraw_RefusedAndNothingWritten()
    {
        var plot = Plots.LossCurvesPlot(Arms);
        plot.Title("loss \uE000"); // a private-use code point: no font has a glyph for it
        var path = Path.Combine(_folder, "refused.png");

        var error = Assert.Throws<PlotTextException>(() => PlotFile.SavePng(plot, path, Width, Height));

        Assert.Contains("title", error.Message);
        Assert.Contains("fonts-dejavu-core", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void LegendEntryNoFontCanDraw_BesideTheDataArea_Refused()
    {
        var plot = Plots.LossCurvesPlot([("arm \uE000", [[0.9, 0.5]])]);

        var error = Assert.Throws<PlotTextException>(() => PlotFile.SavePng(plot, Path.Combine(_folder, "refused.png"), Width, Height));

        Assert.Contains("legend entry", error.Message);
    }

    [Fact]
    public void ReportCharts_AllTheirTextCanBeDrawn()
    {
        Assert.Null(PlotText.Problem(Plots.LossCurvesPlot(Arms)));
    }

    /// <summary>Pixels that differ between the two PNGs, counted above, below, left of and inside the data area.</summary>
    private static (int Title, int XLabel, int YLabel, int Inside) TextPixels(string path, string hiddenPath, PixelRect data)
    {
        using var shown = SKBitmap.Decode(path);
        using var hidden = SKBitmap.Decode(hiddenPath);
        Assert.Equal((Width, Height), (shown.Width, shown.Height));
        var (title, xLabel, yLabel, inside) = (0, 0, 0, 0);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
            {
                if (shown.GetPixel(x, y) == hidden.GetPixel(x, y)) continue;
                if (y < data.Top) title++;
                else if (y > data.Bottom) xLabel++;
                else if (x < data.Left) yLabel++;
                else if (x <= data.Right) inside++;
            }
        return (title, xLabel, yLabel, inside);
    }
}
