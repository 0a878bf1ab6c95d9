using BrainAug.Report.Experiment;
using BrainAug.Report.Quality;

namespace BrainAug.Report.Writing;

/// <summary>Everything the three report files say; the figures are PNG files in the report's figures/ folder.</summary>
public sealed record ReportContent(
    ExperimentRun Run, string ReportCommandLine, IReadOnlyList<ArmResult> Arms, QualityResult Quality,
    IReadOnlyList<Figure> Figures, Dictionary<string, object> Environment, DateTimeOffset Created);

/// <summary>A figure: file name in figures/, its title and what it shows.</summary>
public sealed record Figure(string File, string Title, string Caption);
