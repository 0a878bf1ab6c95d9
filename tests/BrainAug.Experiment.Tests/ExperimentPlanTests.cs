using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment.Tests;

public class ExperimentPlanTests
{
    [Fact]
    public void ComparatorSeeds_TrainTheGeometricArmKTimes_TheOthersOnce_AndEvaluateThemAll()
    {
        var plan = ExperimentPlan.For(seeds: 1, comparatorSeeds: 2, ExperimentArms.All);

        var arms = plan.Where(s => s.Kind == StageKind.SegArm).ToList();
        Assert.Equal(["seg-real-s1", "seg-geometric-s1", "seg-geometric-s2", "seg-both-s1", "seg-synthetic-only-s1", "seg-synthetic-s1"],
            arms.Select(s => s.Name));
        Assert.Equal([1, 2], arms.Where(s => s.Arm == ExperimentArms.Geometric).Select(s => s.Seed));
        Assert.Equal(arms.Select(s => s.Name), plan.Single(s => s.Kind == StageKind.Evaluate).Needs);
        Assert.Equal(["seg-real-s1", "seg-geometric-s1", "seg-geometric-s2", "seg-synthetic-s1", "seg-synthetic-only-s1", "seg-both-s1"],
            ExperimentPlan.SegModels(1, 2, ExperimentArms.All));
    }

    [Fact]
    public void ComparatorSeeds_ScaleWithTheSeeds_AndOneKeepsEveryArmAlike()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6], ExperimentArms.Seeds(ExperimentArms.Geometric, seeds: 3, comparatorSeeds: 2));
        Assert.Equal([1, 2, 3], ExperimentArms.Seeds(ExperimentArms.Both, seeds: 3, comparatorSeeds: 2));
        var plan = ExperimentPlan.For(seeds: 2, comparatorSeeds: 1, ExperimentArms.All);
        Assert.All(ExperimentArms.All, arm => Assert.Equal([1, 2], plan.Where(s => s.Arm == arm).Select(s => s.Seed)));
    }
}
