using System.Globalization;
using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>
/// The tools' command lines for the experiment's stages, built from the preset and the run folder: the runner runs
/// them, and a test parses those of every preset with the tools' own parsers, so a mistyped preset option fails in the
/// test suite rather than half-way through a main job.
/// </summary>
public sealed class StageCommands(ExperimentOptions options)
{
    private readonly ExperimentPreset _preset = options.Preset;
    private readonly ExperimentLayout _layout = new(options.Run);

    /// <summary>The dataset every stage reads: --data, or the phantom the data stage writes into the run folder.</summary>
    public string Data => options.Data ?? _layout.Phantom;

    /// <summary>brainaug-trainer phantom.</summary>
    public string[] Phantom => ["phantom", "--out", _layout.Phantom, .. _preset.Phantom, "--seed", "1"];

    /// <summary>brainaug-trainer prepare: the slice store every training reads, holding every modality, policy and size
    /// the preset's trainings ask for (each case decoded once).</summary>
    public string[] Prepare =>
    [
        "prepare", "--data", Data, "--out", _layout.Store, "--modalities", StoreModalities,
        .. StorePolicies.SelectMany(p => new[] { "--policy", p }), .. _preset.StoreSizes.SelectMany(s => new[] { "--size", Text(s) }),
        "--threads", Text(options.Jobs),
    ];

    /// <summary>The Seg-DNN's and the generators' channels, and T1ce (the tumour generator reads the labels beside it).</summary>
    private string StoreModalities
    {
        get
        {
            var wanted = $"{_preset.Modalities},{_preset.GeneratorModalities},t1ce".Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            return string.Join(',', new[] { "flair", "t1", "t1ce", "t2" }.Where(wanted.Contains));
        }
    }

    /// <summary>The --policy of the Seg-DNN's, the brain generator's and the tumour generator's slices.</summary>
    private IEnumerable<string> StorePolicies =>
        new[] { _preset.Slices, _preset.GeneratorSlices, _preset.TumourSlices }
            .Select(slices => slices[Array.IndexOf(slices, "--policy") + 1]).Distinct();

    /// <summary>The brain generator's trainer options (the brain command's own; see <see cref="Training"/>).</summary>
    public string[] Brain => [.. _preset.GeneratorSlices, "--modalities", _preset.GeneratorModalities ?? _preset.Modalities, .. _preset.BrainOptions, "--seed", Text(options.GeneratorSeed)];

    /// <summary>The tumour generator's trainer options.</summary>
    public string[] Tumour => [.. _preset.TumourSlices, .. _preset.TumourOptions, "--seed", Text(options.GeneratorSeed)];

    /// <summary>One arm's Seg-DNN trainer options for one seed: the preset's, then what the arm trains on.</summary>
    public string[] SegArm(string arm, int seed) =>
        [.. _preset.Slices, "--modalities", _preset.Modalities, .. _preset.SegOptions, "--seed", Text(seed), "--precision", options.SegPrecision, .. ArmData(arm)];

    /// <summary>A whole trainer command line: network (seg, tumour or brain) trained on one thread into train/NAME.</summary>
    public string[] Training(string network, string name, bool resume, string[] arguments) =>
        [network, "--out", _layout.Training(name), .. resume ? new[] { "--resume" } : [], "--threads", "1", "--data", Data, "--store", _layout.Store,
         "--split-file", _layout.SplitFile, .. arguments];

    /// <summary>brainaug-client augment: N x --synthetic-per-real pairs into synthetic/, their tumour maps as --tumours says.</summary>
    public string[] Augment(string server, int n) =>
        ["augment", "--server", server, "--count", Text(options.SyntheticPairs(n)), "--seed", Text(options.GeneratorSeed), "--data", Data, "--store", _layout.Store, "--split-file", _layout.SplitFile, "--out", _layout.Synthetic, .. _preset.AugmentOptions,
         "--tumours", options.Tumours, "--previews"];

    /// <summary>brainaug-client evaluate: every Seg-DNN on the real test cases, into evaluation/ and their model cards.</summary>
    public string[] Evaluate(string server, IEnumerable<string> models) =>
        ["evaluate", "--server", server, "--data", Data, "--store", _layout.Store, "--split-file", _layout.SplitFile, .. models.SelectMany(m => new[] { "--model", m }),
         "--out", _layout.Evaluation, "--model-cards", _layout.Models];

    /// <summary>brainaug-exporter export of a training into the run's repository.</summary>
    public string[] Export(string name, string model) => ["export", "--run", _layout.Training(name), "--repo", _layout.Models, "--model", model];

    private string[] ArmData(string arm) => arm switch
    {
        ExperimentArms.Real => [],
        ExperimentArms.Geometric => Copies,
        ExperimentArms.Both => [.. Copies, .. Synthetic],
        ExperimentArms.SyntheticOnly => [.. Synthetic, "--synthetic-only"],
        ExperimentArms.Synthetic => Synthetic,
        _ => throw new ArgumentOutOfRangeException(nameof(arm), arm, "not an experiment arm"),
    };

    private string[] Synthetic => options.TransformSynthetic || _preset.TransformSynthetic
        ? ["--synthetic", _layout.Synthetic, "--transform-synthetic"]
        : ["--synthetic", _layout.Synthetic];

    /// <summary>Geometric copies: --count, or by default as many as the real training images (the trainer's own default).</summary>
    private string[] Copies => options.Count is { } count ? ["--augment", "copies", "--augment-copies", Text(count)] : ["--augment", "copies"];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
