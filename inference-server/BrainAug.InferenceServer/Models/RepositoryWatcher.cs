using System.Globalization;
using System.Security.Cryptography;
using BrainAug.Contracts;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.InferenceServer.Batching;
using BrainAug.InferenceServer.Configuration;
using BrainAug.InferenceServer.Services;

namespace BrainAug.InferenceServer.Models;

/// <summary>
/// Loads the model repository at start-up and rescans it every PollSeconds: a new version folder is loaded
/// (after its sha256 matches metadata.json) and becomes the default; a removed one is unloaded once its
/// in-flight calls finish. Hidden folders (the exporter's staging area) and non-numeric names are ignored;
/// an incomplete, corrupt or unloadable version is refused, reported, and retried only when its files change.
/// </summary>
public sealed class RepositoryWatcher(
    ServerOptions options, ModelCatalog catalog, SessionFactory sessions, ServerMetrics metrics, ILogger<RepositoryWatcher> logger)
    : BackgroundService
{
    // Files of each refused folder when it was refused, so an unchanged folder is not re-read every poll.
    private readonly Dictionary<string, (string Stamp, RefusedVersion Refusal)> _refused = new(StringComparer.Ordinal);
    private bool _missingLogged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.PollSeconds));
        do
        {
            try
            {
                Scan();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.ScanFailed(logger, e.Message);
            }
            catalog.MarkScanned(); // even a failed first scan ends the start-up wait: what loaded is served
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass over the repository.</summary>
    public void Scan()
    {
        var root = Path.GetFullPath(options.Repository);
        var found = Directory.Exists(root) ? VersionFolders(root).ToList() : [];
        if (!Directory.Exists(root) && !_missingLogged) Log.RepositoryMissing(logger, root);
        _missingLogged = !Directory.Exists(root);

        foreach (var loaded in catalog.Snapshot())
            if (!found.Any(f => f.Model == loaded.Name && f.Version == loaded.Version))
            {
                catalog.Remove(loaded.Name, loaded.Version);
                Log.VersionRemoved(logger, loaded.Name, loaded.Version);
            }
        foreach (var key in _refused.Keys.Where(k => !found.Any(f => f.Folder == k)).ToList()) _refused.Remove(key);

        foreach (var (model, version, folder) in found)
            if (!catalog.Contains(model, version)) TryLoad(model, version, folder);

        catalog.SetRefused([.. _refused.Values.Select(r => r.Refusal).OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Version, StringComparer.Ordinal)]);
        metrics.LoadedVersions.Set(catalog.Count);
        metrics.RefusedVersions.Set(_refused.Count);
    }

    private static IEnumerable<(string Model, long Version, string Folder)> VersionFolders(string root)
    {
        foreach (var modelFolder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var model = Path.GetFileName(modelFolder);
            if (model.StartsWith('.')) continue;
            foreach (var (version, folder) in ModelRepositoryLayout.Versions(root, model)) yield return (model, version, folder);
        }
    }

    private void TryLoad(string model, long version, string folder)
    {
        var stamp = Stamp(folder);
        if (_refused.TryGetValue(folder, out var earlier) && earlier.Stamp == stamp) return;
        try
        {
            catalog.Add(Load(model, version, folder));
            _refused.Remove(folder);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            var refusal = new RefusedVersion(model, version.ToString(CultureInfo.InvariantCulture), e.Message);
            _refused[folder] = (stamp, refusal);
            Log.VersionRefused(logger, model, refusal.Version, e.Message);
        }
    }

    private ModelVersion Load(string model, long version, string folder)
    {
        var onnxPath = Path.Combine(folder, ModelRepositoryLayout.ModelFile);
        var metadataPath = Path.Combine(folder, ModelRepositoryLayout.MetadataFile);
        if (!File.Exists(onnxPath) || !File.Exists(metadataPath))
            throw new InvalidDataException("incomplete: model.onnx and metadata.json must both be present");
        var metadataJson = File.ReadAllText(metadataPath);
        var metadata = ReadMetadata(metadataJson, metadataPath);
        if (metadata.Model != model || metadata.Version != version)
            throw new InvalidDataException($"metadata.json names {metadata.Model} version {metadata.Version}, but the folder is {model}/{version}");
        string actual;
        using (var stream = File.OpenRead(onnxPath)) actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, metadata.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"sha256 mismatch: model.onnx is {actual}, metadata.json says {metadata.Sha256} (corrupt or half-copied)");

        var onnx = sessions.Open(onnxPath, [ServedOutput.Of(metadata.Network)]);
        try
        {
            CheckAgainstMetadata(onnx, metadata);
            var versionLabel = version.ToString(CultureInfo.InvariantCulture);
            var queue = new BatchQueue(onnx, new BatchSettings(options.MaxBatchSize, TimeSpan.FromMilliseconds(options.MaxQueueDelayMs), options.MaxQueuedRequests),
                run => Observe(run, model, versionLabel));
            Log.VersionLoaded(logger, model, version, Words.Of(metadata.Network), onnx.Provider, onnx.InputName, $"(N, {string.Join(", ", onnx.SampleShape)})");
            return new ModelVersion(model, version, metadata, metadataJson, onnx, queue);
        }
        catch
        {
            onnx.Dispose();
            throw;
        }
    }

    /// <summary>metadata.json of this schema version, or InvalidDataException (the version is then not loaded, and the
    /// message, which says to export it again, is logged).</summary>
    private static ModelMetadata ReadMetadata(string json, string path)
    {
        try
        {
            return ContractFile.Parse<ModelMetadata>(json, path);
        }
        catch (ContractException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static void CheckAgainstMetadata(OnnxModel onnx, ModelMetadata metadata)
    {
        var declared = metadata.Inputs[0];
        if (declared.Name != onnx.InputName || !declared.Shape.Skip(1).SequenceEqual(onnx.SampleShape))
            throw new InvalidDataException($"metadata.json declares input {declared.Name} [{string.Join(", ", declared.Shape)}], the graph has {onnx.InputName} (N, {string.Join(", ", onnx.SampleShape)})");
    }

    private void Observe(BatchRun run, string model, string version)
    {
        metrics.BatchSize.WithLabels(model, version).Observe(run.Samples);
        metrics.ComputeSeconds.WithLabels(model, version).Observe(run.ComputeSeconds);
        metrics.Samples.WithLabels(model, version).Inc(run.Samples);
        var queue = metrics.QueueSeconds.WithLabels(model, version);
        foreach (var seconds in run.QueueSeconds) queue.Observe(seconds);
    }

    /// <summary>Names, sizes and times of a folder's files: changes when anything is added, rewritten or renamed.</summary>
    private static string Stamp(string folder) => string.Join('|', Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)
        .Select(f => new FileInfo(f)).Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
}
