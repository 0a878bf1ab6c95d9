using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>
/// One experiment protocol: the data, the case split, the slices each network learns from, each network's trainer
/// options and the augmentation client's placement. The presets are defined here and nowhere else; the trainer's own
/// presets (small, paper) are only the starting points the options below refine.
/// </summary>
public sealed record ExperimentPreset
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>brainaug-trainer phantom options (without --out and --seed), used when no --data is given.</summary>
    public required string[] Phantom { get; init; }

    public double Validation { get; init; } = 0.1;

    public double Test { get; init; } = 0.2;

    /// <summary>The Seg-DNN's slices (the arms' real training images).</summary>
    public required string[] Slices { get; init; }

    public string Modalities { get; init; } = "t1ce";

    /// <summary>The brain generator's image channels: the synthetic pairs carry these (a superset of Modalities).</summary>
    public string? GeneratorModalities { get; init; }

    /// <summary>The brain generator's slices (from the same training cases).</summary>
    public required string[] GeneratorSlices { get; init; }

    /// <summary>The tumour generator's slices.</summary>
    public required string[] TumourSlices { get; init; }

    public required string[] TumourOptions { get; init; }

    public required string[] BrainOptions { get; init; }

    public required string[] SegOptions { get; init; }

    /// <summary>The sides the networks train at (the Seg-DNN's and the generators'): the slice store holds its slices at
    /// each. A test checks every training's size is among them.</summary>
    public required int[] StoreSizes { get; init; }

    /// <summary>Whether the arms that train on synthetic pairs also transform each pair once, as the geometric copies
    /// transform the real slices (the trainer's --transform-synthetic).</summary>
    public bool TransformSynthetic { get; init; }

    /// <summary>brainaug-client augment placement options.</summary>
    public required string[] AugmentOptions { get; init; }

    public required int DefaultSeeds { get; init; }

    /// <summary>How many times the seeds the geometric arm trains (--comparator-seeds' default; see <see cref="ExperimentArms.Seeds"/>).</summary>
    public int ComparatorSeeds { get; init; } = 1;

    /// <summary>The arms trained and compared (the real arm always; default all five).</summary>
    public IReadOnlyList<string> Arms { get; init; } = ExperimentArms.All;

    /// <summary>The real training cases kept from the split's (see <see cref="LearningCurve.KeepTrainingCases"/>), or
    /// null for all of them: one point of a learning curve.</summary>
    public int? TrainingCases { get; init; }

    /// <summary>A learning curve's points (<see cref="LearningCurve"/>): the experiment runs once per point, each in its
    /// own folder; null for a single experiment.</summary>
    public Func<int, ExperimentPreset>? CurvePoint { get; init; }

    public IReadOnlyList<int> CurveCases { get; init; } = [];

    /// <summary>k of a k-fold cross-validation over cases (<see cref="FoldedExperiment"/>): the experiment runs once per
    /// fold, each in its own folder with its own generators; 0 for the preset's one split.</summary>
    public int Folds { get; init; }

    /// <summary>The fold this run tests (1..<see cref="Folds"/>, see CaseSplit.Fold), or null for one split made from the
    /// fractions.</summary>
    public int? Fold { get; init; }
}
