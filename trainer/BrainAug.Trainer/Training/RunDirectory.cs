using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Training;

namespace BrainAug.Trainer.Training;

/// <summary>
/// A run's output folder (checked at construction, created by <see cref="WriteConfig"/>): config.json (the configuration actually used and the command line),
/// steps.csv and epochs.csv (losses), checkpoint.bin (for --resume), weights, loss plot, sample grids.
/// </summary>
public sealed class RunDirectory
{
    public RunDirectory(string path, bool resume)
    {
        Path = path;
        if (!resume && Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            throw new IOException($"run folder {path} is not empty: pass --resume to continue that run, or choose another --out");
        if (resume && !System.IO.File.Exists(CheckpointPath))
            throw new IOException($"--resume: {CheckpointPath} does not exist");
    }

    public string Path { get; }

    public string CheckpointPath => File(TrainingRunFiles.Checkpoint);

    /// <summary>A fresh start, or (--resume) the checkpoint's state loaded into the networks and optimisers;
    /// CSV rows a killed run wrote after its last checkpoint are dropped, since they will be written again.</summary>
    public TrainingProgress Restore(bool resume, IReadOnlyList<TorchSharp.torch.nn.Module> networks, IReadOnlyList<TorchSharp.Modules.OptimizerHelper> optimizers, IReadOnlyList<TorchSharp.torch.Tensor>? extraState = null)
    {
        var progress = resume
            ? Checkpoint.Load(CheckpointPath, networks, optimizers, extraState)
            : new TrainingProgress(0, 0, double.PositiveInfinity, 0);
        TruncateCsv(TrainingRunFiles.StepsCsv, progress.NextEpoch);
        TruncateCsv(TrainingRunFiles.EpochsCsv, progress.NextEpoch);
        return progress;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates the folder (only once the data has loaded, so a failed start leaves nothing behind)
    /// and writes config.json. On --resume, only the epoch count (and the command line) may differ from the
    /// run being continued: anything else would silently change what the checkpoint means.</summary>
    public void WriteConfig(TrainingConfig config)
    {
        Directory.CreateDirectory(Path);
        var path = File(TrainingConfig.FileName);
        if (System.IO.File.Exists(path) && System.IO.File.Exists(CheckpointPath))
            CheckResumable(ContractFile.Read<TrainingConfig>(path), config);
        ContractFile.Write(path, config);
    }

    /// <summary>split.json: the cases the run trained and validated on, so that repeats and other tools can check
    /// they share the split.</summary>
    public void WriteSplit(SplitFile split) => ContractFile.Write(File(SplitFile.FileName), split);

    /// <summary>summary.json, written when the run finishes.</summary>
    public void WriteSummary(RunSummary summary) => ContractFile.Write(File(RunSummary.FileName), summary);

    private void CheckResumable(TrainingConfig saved, TrainingConfig asked)
    {
        var savedJson = JsonSerializer.SerializeToNode(saved, ContractFile.Json)!.AsObject();
        var askedJson = JsonSerializer.SerializeToNode(asked, ContractFile.Json)!.AsObject();
        var changed = askedJson.Select(p => p.Key)
            .Where(key => key is not ("epochs" or "command") && !JsonNode.DeepEquals(savedJson[key], askedJson[key]))
            .ToList();
        if (changed.Count > 0)
            throw new IOException($"--resume: {string.Join(", ", changed)} differ from the run in {Path}; only --epochs may change when resuming");
    }

    /// <summary>Appends a CSV row, writing the header first when the file is new.</summary>
    public void AppendCsv(string name, string header, params object[] values)
    {
        var path = File(name);
        if (!System.IO.File.Exists(path)) System.IO.File.WriteAllText(path, header + "\n");
        System.IO.File.AppendAllText(path, string.Join(',', values.Select(Format)) + "\n");
    }

    /// <summary>Removes CSV rows whose first column (the epoch) is at or after <paramref name="epoch"/>:
    /// rows a killed run wrote after its last checkpoint, which the resumed run writes again.</summary>
    public void TruncateCsv(string name, int epoch)
    {
        var path = File(name);
        if (!System.IO.File.Exists(path)) return;
        var lines = System.IO.File.ReadAllLines(path);
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(line => int.Parse(line.Split(',')[0], CultureInfo.InvariantCulture) < epoch));
        System.IO.File.WriteAllLines(path, kept);
    }

    /// <summary>Columns of an epoch CSV written so far (for plots that survive --resume).</summary>
    public Dictionary<string, List<double>> ReadEpochHistory(string name, params string[] columns) =>
        System.IO.File.Exists(File(name)) ? EpochHistory.Read(File(name), columns) : columns.ToDictionary(c => c, _ => new List<double>());

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G9", CultureInfo.InvariantCulture),
        float f => f.ToString("G9", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
