using ScottPlot;

namespace BrainAug.Plotting;

/// <summary>Where a per-epoch loss chart shows its legend.</summary>
public static class EpochLegend
{
    /// <summary>Beside the data area, on the right. Why: losses fall, so the last epochs sit low on the right, where
    /// ScottPlot's legend inside the data area hid them.</summary>
    public static void ShowBeside(Plot plot) => plot.ShowLegend(Edge.Right);
}
