namespace BrainAug.Contracts.Evaluation;

/// <summary>The evaluation folder (brainaug-client evaluate): summary.json (<see cref="EvaluationSummary"/>) and
/// per_image.csv, one row per model and test slice, which the report reads.</summary>
public static class EvaluationFiles
{
    public const string PerImageCsv = "per_image.csv";

    public static string SummaryFile => EvaluationSummary.FileName;
}
