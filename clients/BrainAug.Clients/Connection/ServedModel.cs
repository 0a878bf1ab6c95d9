using BrainAug.Contracts;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;

namespace BrainAug.Clients.Connection;

/// <summary>
/// A model as the server serves it, with the training config from its metadata.json (modalities, region, slice policy,
/// condition), so data is prepared exactly as the model was trained.
/// </summary>
public sealed record ServedModel(string Name, long Version, string Sha256, string InputName, long[] InputShape, long[] OutputShape, TrainingConfig Config)
{
    /// <summary>Input channels (condition channels of a brain generator, modalities of a segmenter).</summary>
    public int Channels => (int)InputShape[1];

    /// <summary>Input height and width (square).</summary>
    public int Size => (int)InputShape[2];

    /// <summary>Values per input sample (e.g. a tumour generator's noise length).</summary>
    public int InputLength => (int)InputShape.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>Height and width of the first output (a tumour generator's label maps).</summary>
    public int OutputSize => (int)OutputShape[2];

    /// <summary>The output the clients read: probability, label_map or image.</summary>
    public string OutputName => ServedOutput.Of(Config.Kind);

    /// <summary>The training config as the network it must be; a model of another kind is refused by name.</summary>
    public T ConfigAs<T>() where T : TrainingConfig =>
        Config as T ?? throw new InvalidOperationException($"{Name}:{Version} is a {Words.Of(Config.Kind)} network, not the {typeof(T).Name.Replace("Config", "").ToLowerInvariant()} network this needs");

    public static ServedModel From(ModelMetadata metadata) => new(
        metadata.Model, metadata.Version, metadata.Sha256, metadata.Inputs[0].Name, metadata.Inputs[0].Shape, metadata.Outputs[0].Shape, metadata.TrainingConfig);

    public static (string Name, long Version) Parse(string reference)
    {
        var parts = reference.Split(':');
        if (parts.Length > 2 || parts[0].Length == 0 || (parts.Length == 2 && (!long.TryParse(parts[1], out var v) || v < 1)))
            throw new FormatException($"model '{reference}' must be written name or name:version (version >= 1)");
        return (parts[0], parts.Length == 2 ? long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
    }
}
