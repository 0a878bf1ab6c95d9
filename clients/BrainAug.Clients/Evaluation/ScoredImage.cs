using BrainAug.Contracts.Evaluation;
using BrainAug.Imaging.Metrics;

namespace BrainAug.Clients.Evaluation;

/// <summary>One test slice scored for one model: its metrics at the chosen threshold and both masks at the
/// study's 0.7 (for the pooled figure).</summary>
public sealed record ScoredImage(string CaseId, int Slice, MaskMetrics Metrics, byte[] Predicted, byte[] Truth, byte[] PredictedAt07);

/// <summary>The <see cref="Statistic"/> of a metric's values: mean, population standard deviation, median.</summary>
public static class Statistics
{
    public static Statistic Of(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return new Statistic(mean, Math.Sqrt(values.Average(v => (v - mean) * (v - mean))), SegmentationMetrics.Percentile(values, 50));
    }
}
