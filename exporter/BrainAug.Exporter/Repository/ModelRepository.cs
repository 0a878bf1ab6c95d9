using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BrainAug.Contracts;
using BrainAug.Contracts.Models;

namespace BrainAug.Exporter.Repository;

/// <summary>
/// A versioned model repository in the layout Triton also reads: <c>&lt;root&gt;/&lt;model&gt;/config.pbtxt</c> and
/// <c>&lt;root&gt;/&lt;model&gt;/&lt;version&gt;/{model.onnx, metadata.json}</c>. Versions are integers and never
/// overwritten; a version folder appears complete or not at all (written under a hidden name, then renamed).
/// </summary>
public static class ModelRepository
{
    public static int NextVersion(string root, string model)
    {
        var directory = Path.Combine(root, model);
        if (!Directory.Exists(directory)) return 1;
        var versions = Directory.GetDirectories(directory)
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0);
        return versions.DefaultIfEmpty(0).Max() + 1;
    }

    /// <summary>The version of <paramref name="model"/> whose model.onnx has this sha256 (the lowest, should there be
    /// several), with its folder and metadata; null when there is none.</summary>
    public static (string Folder, ModelMetadata Metadata)? FindVersion(string root, string model, string sha256)
    {
        var directory = Path.Combine(root, model);
        if (!Directory.Exists(directory)) return null;
        var match = Directory.GetDirectories(directory)
            .Select(folder => (Folder: folder, Version: int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(v => v.Version > 0 && File.Exists(Path.Combine(v.Folder, "model.onnx")) && File.Exists(Path.Combine(v.Folder, ModelMetadata.FileName)))
            .OrderBy(v => v.Version)
            .FirstOrDefault(v => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(v.Folder, "model.onnx")))) == sha256);
        return match.Folder is null ? null : (match.Folder, ContractFile.Read<ModelMetadata>(Path.Combine(match.Folder, ModelMetadata.FileName)));
    }

    /// <summary>Publishes one version; returns its folder.</summary>
    public static string Publish(string root, ModelMetadata metadata, byte[] onnx, int maxBatchSize)
    {
        var modelDirectory = Path.Combine(root, metadata.Model);
        var final = Path.Combine(modelDirectory, metadata.Version.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(final))
            throw new IOException($"model {metadata.Model} version {metadata.Version} already exists in {root}; versions are never overwritten");
        Directory.CreateDirectory(modelDirectory);
        var staging = Path.Combine(modelDirectory, $".staging-{metadata.Version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllBytes(Path.Combine(staging, "model.onnx"), onnx);
            File.WriteAllText(Path.Combine(staging, ModelMetadata.FileName), ContractFile.Serialize(metadata));
            Directory.Move(staging, final);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        AtomicFile.WriteAllText(Path.Combine(modelDirectory, "config.pbtxt"), TritonConfig(metadata, maxBatchSize));
        return final;
    }

    /// <summary>Triton's model configuration: ONNX Runtime backend, batch dimension implicit (max_batch_size).</summary>
    public static string TritonConfig(ModelMetadata metadata, int maxBatchSize)
    {
        var text = new StringBuilder();
        text.AppendLine($"name: \"{metadata.Model}\"");
        text.AppendLine("platform: \"onnxruntime_onnx\"");
        text.AppendLine($"max_batch_size: {maxBatchSize}");
        AppendTensors(text, "input", metadata.Inputs);
        AppendTensors(text, "output", metadata.Outputs);
        return text.ToString();
    }

    private static void AppendTensors(StringBuilder text, string kind, IReadOnlyList<TensorSpec> tensors)
    {
        text.AppendLine($"{kind} [");
        for (var i = 0; i < tensors.Count; i++)
        {
            var dims = string.Join(", ", tensors[i].Shape.Skip(1)); // the batch dimension is implied by max_batch_size
            text.AppendLine($"  {{ name: \"{tensors[i].Name}\" data_type: TYPE_FP32 dims: [ {dims} ] }}{(i < tensors.Count - 1 ? "," : "")}");
        }
        text.AppendLine("]");
    }
}
