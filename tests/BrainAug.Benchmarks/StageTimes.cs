using BrainAug.Contracts;
using BrainAug.Contracts.Training;

namespace BrainAug.Benchmarks;

/// <summary>A main job's training stages, from the summary.json every training run writes: how many runs of each
/// network, their time in all, and the precision they trained in (what --precision auto chose, and why).</summary>
public static class StageTimes
{
    public static void Add(BenchmarkReport report, string mainJobFolder)
    {
        var trainings = Path.Combine(mainJobFolder, "train"); // the main job's layout: train/<run>/summary.json
        var summaries = Directory.Exists(trainings)
            ? Directory.EnumerateFiles(trainings, RunSummary.FileName, SearchOption.AllDirectories).Select(path => ContractFile.Read<RunSummary>(path)).ToList()
            : [];
        if (summaries.Count == 0)
        {
            report.Add("main job", $"stages of {mainJobFolder}", "no train/*/summary.json found", "run scripts/main-job.sh first");
            return;
        }
        foreach (var stage in summaries.GroupBy(s => s.Kind).OrderBy(g => g.Key))
        {
            var precisions = string.Join("; ", stage.GroupBy(s => (s.Precision, s.PrecisionReason)).Select(p => $"{Words.Of(p.Key.Precision)} x{p.Count()} ({p.Key.PrecisionReason})"));
            report.Add("main job", $"{Words.Of(stage.Key)} trainings in {mainJobFolder}", $"{stage.Count()} runs, {stage.Sum(s => s.Seconds) / 60:F1} min in all",
                $"{stage.Average(s => s.Seconds):F0} s per run; {precisions}");
        }
    }
}
