using BrainAug.Plotting;

namespace BrainAug.Trainer.Training;

/// <summary>
/// Per-epoch loss curves of one run as a PNG (ScottPlot), redrawn after every epoch. Where the machine's fonts cannot
/// draw the chart's text, no PNG is written (a chart without axis labels misleads) and the run warns once on stderr;
/// epochs.csv keeps the numbers either way.
/// </summary>
public sealed class LossPlot(string path, string title)
{
    private bool _warned;

    public void Write(IReadOnlyDictionary<string, List<double>> seriesByName)
    {
        try
        {
            PlotFile.SavePng(Create(title, seriesByName), path, 720, 440);
        }
        catch (PlotTextException e)
        {
            if (_warned) return;
            Console.Error.WriteLine($"WARNING: {e.Message}");
            _warned = true;
        }
    }

    public static ScottPlot.Plot Create(string title, IReadOnlyDictionary<string, List<double>> seriesByName)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, values) in seriesByName)
        {
            if (values.Count == 0) continue;
            var scatter = plot.Add.Scatter(Enumerable.Range(1, values.Count).Select(e => (double)e).ToArray(), values.ToArray());
            scatter.LegendText = name;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");
        EpochLegend.ShowBeside(plot);
        return plot;
    }
}
