using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Report.Experiment;
using BrainAug.Report.Quality;

namespace BrainAug.Report.Writing;

/// <summary>report.json: every number of the report, snake_case, for scripts and for checking against the CSVs.</summary>
public static class ReportJson
{
    public static void Write(string path, ReportContent c)
    {
        var q = c.Quality;
        var json = new Dictionary<string, object?>
        {
            ["created"] = c.Created.ToString("O"),
            ["main_job_command_line"] = c.Run.Record.CommandLine,
            ["report_command_line"] = c.ReportCommandLine,
            ["preset"] = c.Run.Record.Preset,
            ["git_commit"] = c.Run.Record.GitCommit,
            ["brainaug_version"] = ProductVersion.Current,
            ["data"] = c.Run.Data,
            ["slices"] = new Dictionary<string, object>
            {
                ["modalities"] = c.Run.Seg.Modalities, ["region"] = Words.Of(c.Run.Seg.Region), ["policy"] = c.Run.Seg.Policy,
                ["size"] = c.Run.Seg.Size, ["split_file"] = c.Run.Record.SplitFile, ["split_seed"] = c.Run.Split.SplitSeed,
                ["validation"] = c.Run.Split.ValidationFraction, ["test"] = c.Run.Split.TestFraction,
            },
            ["generator_policy"] = c.Run.Brain?.Policy,
            ["seeds"] = c.Run.Seeds,
            ["comparator_seeds"] = c.Run.Record.ComparatorSeeds,
            ["real_training_images"] = c.Run.Record.RealTrainingImages,
            ["n"] = c.Run.N,
            ["synthetic_pairs"] = c.Run.SyntheticPairs,
            ["synthetic_tumours"] = c.Run.Record.Tumours,
            ["environment"] = c.Environment,
            ["executor"] = c.Run.Record.Executor,
            ["slurm_jobs"] = c.Run.Record.SlurmJobs,
            ["restarts"] = c.Run.Restarts.Select(r => new Dictionary<string, object>
            {
                ["stage"] = r.Stage, ["at"] = r.At.ToString("O"), ["reason"] = r.Reason, ["from_checkpoint"] = r.FromCheckpoint,
            }),
            ["metrics_note"] = "per arm: metrics averaged over the test images per seed, then mean and sample std over seeds; " +
                               "study_pooled_dice is the study's figure (Dice over batches of 10 slices at threshold 0.7)",
            ["arms"] = Arms(c.Arms),
            ["regions"] = c.Tables.ToDictionary(t => t.Region, t => Arms(t.Arms)),
            ["head_to_head"] = c.Tables.ToDictionary(t => t.Region, t => new Dictionary<string, object>
            {
                ["answer"] = TableText.Answers(t.HeadToHead).ToList(),
                ["contrasts"] = t.HeadToHead.Select(h => new Dictionary<string, object>
                {
                    ["arm"] = h.Arm, ["against"] = h.Against, ["dice_bootstrap"] = h.Difference is { } d ? Bootstrap(d) : null!,
                }).ToList(),
            }),
            ["quality"] = new Dictionary<string, object>
            {
                ["frechet_distance"] = q.FrechetDistances,
                ["feature_size"] = q.FeatureSize,
                ["feature_model"] = ExperimentRun.ModelName("real", 1),
                ["ssim_diversity"] = q.Diversity,
                ["memorisation"] = new Dictionary<string, object>
                {
                    ["distance"] = "root-mean-square pixel difference to the nearest real training slice (images in [0, 1])",
                    ["synthetic_median"] = q.Memorisation.SyntheticMedian, ["synthetic_minimum"] = q.Memorisation.SyntheticMinimum,
                    ["real_test_median"] = q.Memorisation.RealTestMedian, ["real_test_minimum"] = q.Memorisation.RealTestMinimum,
                    ["synthetic_closer_than_any_real_test"] = q.Memorisation.SyntheticCloserThanAnyTest,
                    ["synthetic_count"] = q.Memorisation.Synthetic.Count, ["real_test_count"] = q.Memorisation.RealTest.Count,
                },
                ["tumour_memorisation"] = q.TumourMemorisation is { } t
                    ? new Dictionary<string, object>
                    {
                        ["distance"] = "root-mean-square difference of tumour patches (region round the tumour, outside it 0) to the nearest real training tumour's",
                        ["painted_median"] = t.SyntheticMedian, ["painted_minimum"] = t.SyntheticMinimum,
                        ["real_test_median"] = t.RealTestMedian, ["real_test_minimum"] = t.RealTestMinimum,
                        ["painted_closer_than_any_real_test"] = t.SyntheticCloserThanAnyTest,
                        ["painted_count"] = t.Synthetic.Count, ["real_test_count"] = t.RealTest.Count,
                    }
                    : null!,
                ["fixed_feature_space"] = new Dictionary<string, object>
                {
                    ["name"] = FixedFeatures.Name, ["feature_size"] = FixedFeatures.Size,
                    ["compares_across_runs"] = true,
                    ["comparisons"] = q.FixedSpace.Select(f => new Dictionary<string, object?>
                    {
                        ["set"] = f.Set, ["against"] = "real train", ["tumours"] = f.Tumours, ["train_tumours"] = f.TrainTumours,
                        ["kid"] = f.Kid is { } k ? new Dictionary<string, double> { ["value"] = k.Value, ["low"] = k.Low, ["high"] = k.High } : null,
                        ["classifier_accuracy"] = f.Classifier is { } a
                            ? new Dictionary<string, object> { ["value"] = a.Accuracy, ["low"] = a.Low, ["high"] = a.High, ["per_set"] = a.PerSet, ["folds"] = a.Folds }
                            : null,
                    }).ToList(),
                },
                ["frechet_compares_across_runs"] = false,
                ["pca_explained_variance_ratio"] = q.Embeddings.Where(e => e.ExplainedVarianceRatio is not null).ToDictionary(e => e.Of, e => e.ExplainedVarianceRatio!),
                ["points_per_set"] = new Dictionary<string, int> { ["real"] = q.RealSample.Count, ["synthetic"] = q.SyntheticSample.Count },
            },
            ["figures"] = c.Figures.ToDictionary(f => Path.GetFileNameWithoutExtension(f.File), f => "figures/" + f.File),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = null }) + "\n");
    }

    /// <summary>One results table's arms as JSON.</summary>
    private static IEnumerable<Dictionary<string, object?>> Arms(IReadOnlyList<ArmResult> arms) => arms.Select(a => new Dictionary<string, object?>
        {
            ["arm"] = a.Arm, ["description"] = a.Description, ["study_reported_percent"] = a.StudyFigure,
            ["seeds"] = a.Seeds.Select(s => new Dictionary<string, object>
            {
                ["seed"] = s.Seed, ["model"] = s.Model, ["version"] = s.Version, ["sha256"] = s.Sha256, ["images"] = s.Images,
                ["metrics"] = s.Means, ["study_pooled_dice"] = s.StudyPooledDice,
            }),
            ["metrics"] = a.Metrics,
            ["study_pooled_dice"] = a.StudyPooledDice,
            ["versus_real_by_image"] = a.VersusRealByImage,
            ["dice_versus_real_by_seed"] = a.DiceVersusRealBySeed,
            ["dice_versus_real_bootstrap"] = a.DiceVersusRealBootstrap is { } b ? Bootstrap(b) : null,
        });

    private static Dictionary<string, object> Bootstrap(BootstrapDifference b) => new()
    {
        ["mean"] = b.Mean, ["low"] = b.Low, ["high"] = b.High, ["half_width"] = b.HalfWidth, ["seeds"] = b.Seeds, ["cases"] = b.Cases, ["resamples"] = b.Resamples,
    };
}
