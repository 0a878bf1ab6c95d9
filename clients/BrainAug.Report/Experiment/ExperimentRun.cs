using System.Text.Json;
using System.Text.Json.Nodes;

namespace BrainAug.Report.Experiment;

/// <summary>The slice settings the Seg-DNNs were trained with (the real arm's config.json), which the report
/// uses to cut the same real slices.</summary>
public sealed record SliceSettings(string Modalities, string Region, string Policy, int Size, double Validation, double Test, ulong SplitSeed);

/// <summary>
/// A main-job run folder (scripts/main-job.sh): experiment.json plus fixed places for everything else
/// (train/, models/, synthetic/, evaluation/, logs/). Opening it checks that every part the report reads exists.
/// </summary>
public sealed class ExperimentRun
{
    private ExperimentRun(string folder, JsonObject json, SliceSettings slices)
    {
        Folder = folder;
        Json = json;
        Slices = slices;
        Arms = [.. json["arms"]!.AsArray().Select(a => a!.GetValue<string>())];
        Seeds = [.. Enumerable.Range(1, json["seeds"]!.GetValue<int>())];
    }

    public string Folder { get; }

    /// <summary>experiment.json as written by the main job (command line, preset, data, N, git commit).</summary>
    public JsonObject Json { get; }

    public SliceSettings Slices { get; }

    public IReadOnlyList<string> Arms { get; }

    public IReadOnlyList<int> Seeds { get; }

    public string Data => Json["data"]!.GetValue<string>();

    public int N => Json["n"]!.GetValue<int>();

    public string SyntheticFolder => Path.Combine(Folder, "synthetic");

    public string EvaluationFolder => Path.Combine(Folder, "evaluation");

    public string ModelsFolder => Path.Combine(Folder, "models");

    /// <summary>The Seg-DNNs' training loss (the real arm's config.json): bce, or bce+dice.</summary>
    public string SegLoss { get; private init; } = "bce";

    /// <summary>The slice policy the generators were trained with (train/brain/config.json), or null.</summary>
    public string? GeneratorPolicy { get; private init; }

    /// <summary>What the brain generator was conditioned on (label, or label+outline), or null.</summary>
    public string? GeneratorCondition { get; private init; }

    public static string ModelName(string arm, int seed) => $"seg-{arm}-s{seed}";

    public string TrainingFolder(string arm, int seed) => Path.Combine(Folder, "train", ModelName(arm, seed));

    public static ExperimentRun Open(string folder)
    {
        var path = Path.Combine(folder, "experiment.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist: --run must be a folder written by scripts/main-job.sh");
        var json = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is empty");
        foreach (var key in new[] { "arms", "seeds", "data", "n", "command_line" })
            if (json[key] is null) throw new InvalidDataException($"{path} lacks \"{key}\"");
        var config = Path.Combine(folder, "train", ModelName("real", 1), "config.json");
        if (!File.Exists(config)) throw new FileNotFoundException($"{config} does not exist: the real arm was not trained");
        var brainConfig = Path.Combine(folder, "train", "brain", "config.json");
        using var brain = File.Exists(brainConfig) ? JsonDocument.Parse(File.ReadAllText(brainConfig)) : null;
        string? Brain(string key) => brain is not null && brain.RootElement.TryGetProperty(key, out var value) ? value.GetString() : null;
        using var seg = JsonDocument.Parse(File.ReadAllText(config));
        var run = new ExperimentRun(folder, json, ReadSlices(seg.RootElement))
        {
            GeneratorPolicy = Brain("Policy"), GeneratorCondition = Brain("Condition"),
            SegLoss = seg.RootElement.TryGetProperty("Loss", out var loss) ? loss.GetString() ?? "bce" : "bce",
        };
        run.CheckComplete();
        return run;
    }

    private static SliceSettings ReadSlices(JsonElement root) => new SliceSettings(root.GetProperty("Modalities").GetString()!, root.GetProperty("Region").GetString()!, root.GetProperty("Policy").GetString()!,
            root.GetProperty("Size").GetInt32(), root.GetProperty("Validation").GetDouble(), root.GetProperty("Test").GetDouble(),
            root.TryGetProperty("SplitSeed", out var splitSeed) ? splitSeed.GetUInt64() : 1);

    private void CheckComplete()
    {
        var missing = Arms.SelectMany(arm => Seeds.Select(seed => Path.Combine(TrainingFolder(arm, seed), "epochs.csv")))
            .Append(Path.Combine(EvaluationFolder, "per_image.csv")).Append(Path.Combine(EvaluationFolder, "summary.json"))
            .Append(Path.Combine(SyntheticFolder, "manifest.jsonl"))
            .Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0) throw new FileNotFoundException($"the run is incomplete: {missing.Count} file(s) missing, first {missing[0]}");
    }

    /// <summary>Latest exported version folder of a model in the run's repository.</summary>
    public string ModelFile(string model)
    {
        var folder = Path.Combine(ModelsFolder, model);
        var latest = Directory.Exists(folder)
            ? Directory.GetDirectories(folder).Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).MaxBy(n => int.Parse(n!))
            : null;
        return latest is null ? throw new FileNotFoundException($"model {model} has no version in {ModelsFolder}") : Path.Combine(folder, latest, "model.onnx");
    }
}
