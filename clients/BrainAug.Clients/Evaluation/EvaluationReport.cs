using System.Globalization;
using System.Text;
using BrainAug.Clients.Connection;
using BrainAug.Contracts;
using BrainAug.Contracts.Evaluation;
using BrainAug.Contracts.Models;
using BrainAug.Imaging.Metrics;

namespace BrainAug.Clients.Evaluation;

/// <summary>Writes per_image.csv, per_case.csv and summary.json, and returns the table printed to the console.</summary>
public static class EvaluationReport
{
    private static readonly string[] MetricNames = ["dice", "iou", "hd95_mm", "precision", "recall", "area_error_mm2"];

    public static string Write(string folder, EvaluateSettings settings, IReadOnlyList<ScoredRegion> results)
    {
        Directory.CreateDirectory(folder);
        var perImage = new StringBuilder("model,version,region,case,slice," + string.Join(',', MetricNames) + ",true_pixels,predicted_pixels\n");
        var perCase = new StringBuilder("model,version,region,case,slices," + string.Join(',', MetricNames) + ",true_pixels,predicted_pixels\n");
        var summaries = new List<ModelScores>();
        var table = new StringBuilder($"{"model",-28} {"region",6} {"images",6} {"Dice",14} {"IoU",14} {"HD95 mm",14} {"precision",14} {"recall",14} {"study pooled Dice",18}\n");
        foreach (var (model, region, images, spacing) in results)
        {
            var cases = images.GroupBy(i => i.CaseId).Select(g =>
            {
                var size = (int)Math.Sqrt(g.First().Truth.Length);
                return (Case: g.Key, Slices: g.Count(), Metrics: SegmentationMetrics.ComputeCombined([.. g.Select(i => (i.Predicted, i.Truth))], size, size, spacing[g.Key], spacing[g.Key]));
            }).ToList();
            foreach (var image in images) perImage.Append(Row(model, region, image.CaseId, image.Slice.ToString(CultureInfo.InvariantCulture), image.Metrics));
            foreach (var (id, slices, metrics) in cases) perCase.Append(Row(model, region, id, slices.ToString(CultureInfo.InvariantCulture), metrics));
            var pooled = SegmentationMetrics.PooledDice([.. images.Select(i => (i.PredictedAt07, i.Truth))], EvaluationRun.StudyBatch);
            var imageStats = MetricStatistics(images.Select(i => i.Metrics).ToList());
            summaries.Add(new ModelScores
            {
                Model = model.Name, Version = model.Version, Region = region, Sha256 = model.Sha256, Images = images.Count, Cases = cases.Count,
                EmptyVsEmptyImages = images.Count(i => i.Metrics.TruePixels == 0 && i.Metrics.PredictedPixels == 0),
                PerImage = imageStats, PerCase = MetricStatistics(cases.Select(c => c.Metrics).ToList()), StudyPooledDice = pooled,
            });
            table.Append($"{model.Name + ":" + model.Version,-28} {region,6} {images.Count,6} {Cell(imageStats["dice"]),14} {Cell(imageStats["iou"]),14} {Cell(imageStats["hd95_mm"]),14} " +
                         $"{Cell(imageStats["precision"]),14} {Cell(imageStats["recall"]),14} {pooled,18:F4}\n");
        }
        File.WriteAllText(Path.Combine(folder, EvaluationFiles.PerImageCsv), perImage.ToString());
        File.WriteAllText(Path.Combine(folder, "per_case.csv"), perCase.ToString());
        var summary = new EvaluationSummary
        {
            CommandLine = settings.CommandLine, Data = settings.Data, Split = settings.Split, SplitFile = settings.SplitFile, SplitSeed = settings.SplitSeed,
            ValidationFraction = settings.Validation, TestFraction = settings.Test, Threshold = settings.Threshold,
            StudyPooledDiceDefinition = $"Dice over the pixels of consecutive batches of {EvaluationRun.StudyBatch} slices at threshold {EvaluationRun.StudyThreshold}, averaged over batches (the study's figure)",
            EmptyMasks = SegmentationMetrics.EmptyMasks,
            RegionsDefinition = "a regions model's WT, TC, ET channels become one label map at the threshold (ET enhancing, else TC core, else WT edema), " +
                "and each region is cut from it and from the truth (BraTS's region scoring); one-region models are scored on their own region",
            PerCaseDefinition = "pixels of all the case's slices together; HD95 over their pooled surface distances",
            Models = summaries,
            BrainAugVersion = ProductVersion.Current,
        };
        var summaryPath = Path.Combine(folder, EvaluationSummary.FileName);
        ContractFile.Write(summaryPath, summary);
        if (settings.ModelCards is { } repository)
            foreach (var scores in summaries.GroupBy(s => (s.Model, s.Version)))
                ModelCard.WriteTestMetrics(ModelRepositoryLayout.VersionFolder(repository, scores.Key.Model, scores.Key.Version), [.. scores], summary, summaryPath);
        return table.ToString() + $"mean +- std over images at threshold {settings.Threshold}; per-image, per-case CSVs and summary.json in {folder}";
    }

    private static Dictionary<string, Statistic> MetricStatistics(List<MaskMetrics> metrics) => new()
    {
        ["dice"] = Statistics.Of([.. metrics.Select(m => m.Dice)]),
        ["iou"] = Statistics.Of([.. metrics.Select(m => m.IoU)]),
        ["hd95_mm"] = Statistics.Of([.. metrics.Select(m => m.Hd95Mm)]),
        ["precision"] = Statistics.Of([.. metrics.Select(m => m.Precision)]),
        ["recall"] = Statistics.Of([.. metrics.Select(m => m.Recall)]),
        ["area_error_mm2"] = Statistics.Of([.. metrics.Select(m => m.AreaErrorMm2)]),
    };

    private static string Row(ServedModel model, string region, string caseId, string slice, MaskMetrics m) => string.Join(',',
        model.Name, model.Version.ToString(CultureInfo.InvariantCulture), region, caseId, slice,
        F(m.Dice), F(m.IoU), F(m.Hd95Mm), F(m.Precision), F(m.Recall), F(m.AreaErrorMm2),
        m.TruePixels.ToString(CultureInfo.InvariantCulture), m.PredictedPixels.ToString(CultureInfo.InvariantCulture)) + "\n";

    private static string F(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Cell(Statistic s) => $"{s.Mean:F3}+-{s.Std:F3}";
}
