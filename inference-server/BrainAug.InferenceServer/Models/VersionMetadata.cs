using System.Text.Json;

namespace BrainAug.InferenceServer.Models;

/// <summary>The parts of an exporter-written metadata.json the server relies on (the file is snake_case JSON).</summary>
public sealed record VersionMetadata(
    string Model, long Version, string Network, IReadOnlyList<TensorDescription> Inputs,
    IReadOnlyList<TensorDescription> Outputs, string Sha256)
{
    public static VersionMetadata Parse(string json, string path)
    {
        VersionMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<VersionMetadata>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid metadata JSON: {e.Message}", e);
        }
        if (metadata is null || string.IsNullOrEmpty(metadata.Sha256) || metadata.Inputs is not { Count: > 0 } || metadata.Outputs is not { Count: > 0 })
            throw new InvalidDataException($"{path} lacks sha256, inputs or outputs");
        return metadata;
    }

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

/// <summary>One input or output as metadata.json describes it; shape uses -1 for the batch dimension.</summary>
public sealed record TensorDescription(string Name, string DataType, long[] Shape, string Range, string Meaning);
