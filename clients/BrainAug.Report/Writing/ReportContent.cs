using BrainAug.Report.Experiment;
using BrainAug.Report.Quality;

namespace BrainAug.Report.Writing;

/// <summary>Everything the three report files say; the figures are PNG files in the report's figures/ folder.</summary>
/// <param name="Tables">One results table per region scored (WT, TC, ET for a regions run).</param>
public sealed record ReportContent(
    ExperimentRun Run, string ReportCommandLine, IReadOnlyList<RegionTable> Tables, QualityResult Quality,
    IReadOnlyList<Figure> Figures, Dictionary<string, object> Environment, DateTimeOffset Created)
{
    /// <summary>The arms and their models (the same in every region's table), from the first table.</summary>
    public IReadOnlyList<ArmResult> Arms => Tables[0].Arms;
}

/// <summary>A figure: file name in figures/, its title and what it shows.</summary>
public sealed record Figure(string File, string Title, string Caption);
