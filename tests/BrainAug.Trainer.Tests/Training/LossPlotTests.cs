using BrainAug.Plotting;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Tests.Training;

/// <summary>loss.png is written with its text, or not at all (the run goes on; epochs.csv keeps the numbers).</summary>
public class LossPlotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("brainaug-lossplot-").FullName;

    private static Dictionary<string, List<double>> History => new() { ["train_loss"] = [0.9, 0.6, 0.4], ["validation_loss"] = [0.8, 0.7, 0.5] };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_PngWhoseTextCanBeDrawn()
    {
        var path = Path.Combine(_folder, "loss.png");

        new LossPlot(path, "Seg-DNN (U-Net)").Write(History);

        Assert.True(new FileInfo(path).Length > 1000);
        var plot = LossPlot.Create("Seg-DNN (U-Net)", History);
        Assert.Null(PlotText.Problem(plot));
        // The legend is beside the data area, not over the last epochs (drawn and checked in the report's PlotTextTests).
        Assert.False(plot.Legend.IsVisible);
        Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>());
    }

    [Fact]
    public void WriteWithTextNoFontCanDraw_NoPngAndTrainingGoesOn()
    {
        var path = Path.Combine(_folder, "loss.png");
        var plot = new LossPlot(path, "loss \uE000"); // a private-use code point: no font has a glyph for it

        plot.Write(History);
        plot.Write(History);

        Assert.False(File.Exists(path));
    }
}
