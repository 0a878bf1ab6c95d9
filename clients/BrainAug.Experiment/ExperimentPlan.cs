using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>What a planned stage does: train (and export) a generator or a Seg-DNN arm, or run a client against the
/// run's models served by brainaug-server (the augmentation, the evaluation).</summary>
public enum StageKind { Generator, SegArm, Augment, Evaluate }

/// <summary>One stage after the data stage: its name (its log, done-marker and training folder), the stages it needs
/// finished first, and for a Seg-DNN its arm and seed.</summary>
public sealed record PlannedStage(string Name, StageKind Kind, IReadOnlyList<string> Needs, string? Arm = null, int Seed = 0)
{
    /// <summary>Trainings run in the background, side by side; the served stages in the foreground.</summary>
    public bool IsTraining => Kind is StageKind.Generator or StageKind.SegArm;
}

/// <summary>
/// The stages between the data stage and the report, in an order that respects their needs, which both executors
/// follow: the generators and the arms that need no synthetic data first (the brain generator, the longest, first);
/// the augmentation once both generators and the first real arm (which gives N) are done; the synthetic arms after
/// it; the evaluation after every Seg-DNN.
/// </summary>
public static class ExperimentPlan
{
    public const string Augment = "augment", Evaluate = "evaluate";

    /// <param name="comparatorSeeds">How many times <paramref name="seeds"/> the geometric arm trains (<see cref="ExperimentArms.Seeds"/>).</param>
    public static IReadOnlyList<PlannedStage> For(int seeds, int comparatorSeeds, IReadOnlyList<string> arms)
    {
        if (!arms.Contains(ExperimentArms.Real)) throw new ArgumentException("every experiment trains the real arm: it gives N");
        var seedList = Enumerable.Range(1, seeds * comparatorSeeds).ToList();
        bool Trains(string arm, int seed) => arms.Contains(arm) && seed <= ExperimentArms.Seeds(arm, seeds, comparatorSeeds).Count;
        var plan = new List<PlannedStage>
        {
            new(ExperimentLayout.BrainTraining, StageKind.Generator, []),
            new(ExperimentLayout.TumourTraining, StageKind.Generator, []),
        };
        foreach (var seed in seedList)
            foreach (var arm in WithoutSynthetic.Where(arm => Trains(arm, seed)))
                plan.Add(Seg(arm, seed, []));
        plan.Add(new(Augment, StageKind.Augment,
            [ExperimentLayout.BrainTraining, ExperimentLayout.TumourTraining, ExperimentArms.ModelName(ExperimentArms.Real, 1)]));
        foreach (var seed in seedList)
            foreach (var arm in WithSynthetic.Where(arm => Trains(arm, seed)))
                plan.Add(Seg(arm, seed, [Augment]));
        plan.Add(new(Evaluate, StageKind.Evaluate, [.. plan.Where(s => s.Kind == StageKind.SegArm).Select(s => s.Name)]));
        return plan;
    }

    private static readonly string[] WithoutSynthetic = [ExperimentArms.Real, ExperimentArms.Geometric];
    private static readonly string[] WithSynthetic = [ExperimentArms.Both, ExperimentArms.SyntheticOnly, ExperimentArms.Synthetic];

    /// <summary>Every Seg-DNN's name, arm by arm in the report's order.</summary>
    public static IReadOnlyList<string> SegModels(int seeds, int comparatorSeeds, IReadOnlyList<string> arms) =>
        [.. ExperimentArms.All.Where(arms.Contains).SelectMany(arm => ExperimentArms.Seeds(arm, seeds, comparatorSeeds).Select(seed => ExperimentArms.ModelName(arm, seed)))];

    private static PlannedStage Seg(string arm, int seed, IReadOnlyList<string> needs) =>
        new(ExperimentArms.ModelName(arm, seed), StageKind.SegArm, needs, arm, seed);
}
