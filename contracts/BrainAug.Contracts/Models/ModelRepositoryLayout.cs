using System.Globalization;

namespace BrainAug.Contracts.Models;

/// <summary>
/// A model repository in the layout Triton also reads: <c>ROOT/MODEL/config.pbtxt</c> and
/// <c>ROOT/MODEL/VERSION/{model.onnx, metadata.json}</c>, versions being whole numbers above 0. The exporter writes
/// it; the server, the report and the Open Inference client read it.
/// </summary>
public static class ModelRepositoryLayout
{
    public const string ModelFile = "model.onnx", TritonConfigFile = "config.pbtxt";

    public static string MetadataFile => ModelMetadata.FileName;

    /// <summary>A model's version folders, lowest version first; none when the model has no folder.</summary>
    public static IEnumerable<(long Version, string Folder)> Versions(string root, string model)
    {
        var modelFolder = Path.Combine(root, model);
        if (!Directory.Exists(modelFolder)) return [];
        return Directory.EnumerateDirectories(modelFolder)
            .Select(folder => (Version: long.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0, Folder: folder))
            .Where(v => v.Version > 0)
            .OrderBy(v => v.Version)
            .ToList();
    }

    /// <summary>A version's folder.</summary>
    public static string VersionFolder(string root, string model, long version) =>
        Path.Combine(root, model, version.ToString(CultureInfo.InvariantCulture));

    /// <summary>The model.onnx of a model's highest version; null when it has none.</summary>
    public static string? LatestModelFile(string root, string model) =>
        Versions(root, model).LastOrDefault() is { Folder: not null } latest ? Path.Combine(latest.Folder, ModelFile) : null;
}
