using System.Text.Json.Serialization;
using BrainAug.Contracts.Training;

namespace BrainAug.Contracts.Models;

/// <summary>One input or output of a served model. Shape uses -1 for the dynamic batch dimension.</summary>
public sealed record TensorSpec(string Name, string DataType, long[] Shape, string Range, string Meaning);

/// <summary>metadata.json next to each model.onnx, written by the exporter and read by the server (which hands it to
/// the clients through ListModels): everything a client or operator needs to use the graph correctly and to trace
/// it back to the run and data that made it.</summary>
public sealed record ModelMetadata : IContract
{
    public const string FileName = "metadata.json";

    public static int CurrentSchemaVersion => 1;

    public static string Remedy => "export the model again with this build's brainaug-exporter";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string Model { get; init; }

    public required int Version { get; init; }

    public required NetworkKind Network { get; init; }

    public required IReadOnlyList<TensorSpec> Inputs { get; init; }

    public required IReadOnlyList<TensorSpec> Outputs { get; init; }

    /// <summary>How inputs must be prepared and outputs read.</summary>
    public required string Normalisation { get; init; }

    public required string LabelConvention { get; init; }

    /// <summary>The run folder the weights came from, and the weights file.</summary>
    public required string TrainingRun { get; init; }

    public required string WeightsFile { get; init; }

    /// <summary>The run's config.json, as trained (includes its command line): the clients prepare data from it
    /// exactly as the model was trained (modalities, region, slice policy, condition).</summary>
    public required TrainingConfig TrainingConfig { get; init; }

    /// <summary>sha256 over the dataset's file names and sizes at export time ("unavailable" if the folder is gone).</summary>
    public required string DatasetFingerprint { get; init; }

    /// <summary>sha256 of model.onnx.</summary>
    public required string Sha256 { get; init; }

    public required double ParityMaxRelativeDifference { get; init; }

    public required int Opset { get; init; }

    public required string ExportCommand { get; init; }

    /// <summary>The BrainAug build that wrote the file (<see cref="ProductVersion"/>); null in files written before
    /// versions were recorded.</summary>
    [JsonPropertyName("brainaug_version")]
    public string? BrainAugVersion { get; init; }
}
