using System.Security.Cryptography;
using System.Text;
using BrainAug.Contracts;
using BrainAug.Contracts.Models;

namespace BrainAug.Exporter.Repository;

/// <summary>
/// Writes versions into a model repository (<see cref="ModelRepositoryLayout"/>, the layout Triton also reads).
/// Versions are never overwritten; a version folder appears complete or not at all (written under a hidden name, then renamed).
/// </summary>
public static class ModelRepository
{
    public static int NextVersion(string root, string model) =>
        (int)ModelRepositoryLayout.Versions(root, model).Select(v => v.Version).DefaultIfEmpty(0).Max() + 1;

    /// <summary>The version of <paramref name="model"/> whose model.onnx has this sha256 (the lowest, should there be
    /// several), with its folder and metadata; null when there is none.</summary>
    public static (string Folder, ModelMetadata Metadata)? FindVersion(string root, string model, string sha256)
    {
        var match = ModelRepositoryLayout.Versions(root, model)
            .Select(v => v.Folder)
            .Where(folder => File.Exists(Path.Combine(folder, ModelRepositoryLayout.ModelFile)) && File.Exists(Path.Combine(folder, ModelMetadata.FileName)))
            .FirstOrDefault(folder => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, ModelRepositoryLayout.ModelFile)))) == sha256);
        return match is null ? null : (match, ContractFile.Read<ModelMetadata>(Path.Combine(match, ModelMetadata.FileName)));
    }

    /// <summary>Publishes one version (graph, metadata.json, model_card.md); returns its folder.</summary>
    public static string Publish(string root, ModelMetadata metadata, byte[] onnx, string modelCard, int maxBatchSize)
    {
        var modelDirectory = Path.Combine(root, metadata.Model);
        var final = ModelRepositoryLayout.VersionFolder(root, metadata.Model, metadata.Version);
        if (Directory.Exists(final))
            throw new IOException($"model {metadata.Model} version {metadata.Version} already exists in {root}; versions are never overwritten");
        Directory.CreateDirectory(modelDirectory);
        var staging = Path.Combine(modelDirectory, $".staging-{metadata.Version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllBytes(Path.Combine(staging, ModelRepositoryLayout.ModelFile), onnx);
            File.WriteAllText(Path.Combine(staging, ModelMetadata.FileName), ContractFile.Serialize(metadata));
            File.WriteAllText(Path.Combine(staging, ModelCard.FileName), modelCard);
            Directory.Move(staging, final);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        AtomicFile.WriteAllText(Path.Combine(modelDirectory, ModelRepositoryLayout.TritonConfigFile), TritonConfig(metadata, maxBatchSize));
        return final;
    }

    /// <summary>Triton's model configuration: ONNX Runtime backend, batch dimension implicit (max_batch_size), and
    /// dynamic batching as brainaug-server does it by default (without the block Triton runs every request alone).</summary>
    public static string TritonConfig(ModelMetadata metadata, int maxBatchSize)
    {
        var text = new StringBuilder();
        text.AppendLine($"name: \"{metadata.Model}\"");
        text.AppendLine("platform: \"onnxruntime_onnx\"");
        text.AppendLine($"max_batch_size: {maxBatchSize}");
        AppendTensors(text, "input", metadata.Inputs);
        AppendTensors(text, "output", metadata.Outputs);
        // Triton refuses a preferred size above max_batch_size.
        var preferred = Math.Min(DynamicBatching.MaxBatchSize, maxBatchSize);
        var delayMicroseconds = (long)(DynamicBatching.MaxQueueDelayMs * 1000);
        text.AppendLine($"dynamic_batching {{ preferred_batch_size: [ {preferred} ] max_queue_delay_microseconds: {delayMicroseconds} }}");
        // One instance, on a GPU when Triton has one (KIND_AUTO), as brainaug-server runs one session per model version.
        text.AppendLine("instance_group [ { count: 1 kind: KIND_AUTO } ]");
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
