using BrainAug.Contracts;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.Protos.V1;
using Grpc.Core;

namespace BrainAug.Clients.Connection;

/// <summary>
/// A model as the server lists it, with the training config from its metadata.json (modalities, region, slice policy,
/// condition), so data is prepared exactly as the model was trained.
/// </summary>
public sealed record ServedModel(string Name, long Version, string Sha256, long[] InputShape, long[] OutputShape, TrainingConfig Config)
{
    /// <summary>Input channels (condition channels of a brain generator, modalities of a segmenter).</summary>
    public int Channels => (int)InputShape[1];

    /// <summary>Input height and width (square).</summary>
    public int Size => (int)InputShape[2];

    /// <summary>Height and width of the first output (a tumour generator's label maps).</summary>
    public int OutputSize => (int)OutputShape[2];

    /// <summary>The training config as the network it must be; a model of another kind is refused by name.</summary>
    public T ConfigAs<T>() where T : TrainingConfig =>
        Config as T ?? throw new InvalidOperationException($"{Name}:{Version} is a {Words.Of(Config.Kind)} network, not the {typeof(T).Name.Replace("Config", "").ToLowerInvariant()} network this needs");

    /// <summary>Finds "name" or "name:version" (default version: the server's default) among the served models.</summary>
    public static async Task<ServedModel> FindAsync(ServerConnection connection, string reference, CancellationToken cancellation)
    {
        var (name, version) = Parse(reference);
        var listing = await connection.CallAsync(o => connection.Client.ListModelsAsync(new ListModelsRequest(), o), cancellation);
        var info = listing.Models.FirstOrDefault(m => m.Name == name && (version == 0 ? m.IsDefault : m.Version == version))
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"the server has no model {reference}; it serves {string.Join(", ", listing.Models.Select(m => $"{m.Name}:{m.Version}"))}"));
        var metadata = ContractFile.Parse<ModelMetadata>(info.MetadataJson, $"the metadata of {info.Name}:{info.Version}");
        return new ServedModel(info.Name, info.Version, info.Sha256, [.. info.Inputs[0].Shape], [.. info.Outputs[0].Shape], metadata.TrainingConfig);
    }

    public static (string Name, long Version) Parse(string reference)
    {
        var parts = reference.Split(':');
        if (parts.Length > 2 || parts[0].Length == 0 || (parts.Length == 2 && (!long.TryParse(parts[1], out var v) || v < 1)))
            throw new FormatException($"model '{reference}' must be written name or name:version (version >= 1)");
        return (parts[0], parts.Length == 2 ? long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0);
    }
}
