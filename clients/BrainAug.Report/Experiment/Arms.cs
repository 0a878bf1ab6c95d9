namespace BrainAug.Report.Experiment;

/// <summary>What each arm of the experiment trains on (the main job's names).</summary>
public static class Arms
{
    public static string Describe(string arm, int copies, int pairs) => arm switch
    {
        "real" => "real training images only",
        "geometric" => $"real + {copies} geometric copies (flip, rotation, scale, elastic warp)",
        "synthetic" => $"real + {pairs} GAN-synthetic pairs",
        "synthetic-only" => $"{pairs} GAN-synthetic pairs only (tested on real)",
        "both" => $"real + {copies} geometric copies + {pairs} synthetic pairs",
        _ => arm,
    };

    /// <summary>The study's reported figure for the arms it ran (its pooled Dice, labelled IoU, on its 290 MSD images).</summary>
    public static double? StudyFigure(string arm) => arm switch
    {
        "real" => 58.9,
        "geometric" => 60.45,
        "synthetic" => 63.23,
        _ => null,
    };
}
