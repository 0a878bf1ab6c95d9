using ScottPlot;

namespace BrainAug.Plotting;

/// <summary>Raised instead of writing a chart whose text would come out blank.</summary>
public sealed class PlotTextException(string path, string problem) : Exception($"{path}: not written: {problem}");

/// <summary>Writes charts as PNG, never one without its text.</summary>
public static class PlotFile
{
    /// <summary>Saves <paramref name="plot"/> to <paramref name="path"/>, or throws <see cref="PlotTextException"/>
    /// (writing nothing) when a title, label, tick label or legend entry cannot be drawn.</summary>
    public static void SavePng(Plot plot, string path, int width, int height)
    {
        if (PlotText.Problem(plot) is { } problem) throw new PlotTextException(path, problem);
        plot.SavePng(path, width, height);
    }
}
