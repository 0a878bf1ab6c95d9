namespace BrainAug.Trainer.Training;

/// <summary>Per-epoch loss curves as a PNG (ScottPlot), redrawn after every epoch.</summary>
public static class LossPlot
{
    public static void Write(string path, string title, IReadOnlyDictionary<string, List<double>> seriesByName)
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
        plot.ShowLegend();
        plot.SavePng(path, 720, 440);
    }
}
