using BrainAug.Contracts;
using BrainAug.Contracts.Models;
using BrainAug.Protos.V1;
using Grpc.Core;

namespace BrainAug.Clients.Connection;

/// <summary>brainaug.v1: ListModels for the models and their metadata, GenerateTumour, GenerateBrain and Segment.</summary>
public sealed class BrainAugProtocol(ServerConnection connection) : IInferenceProtocol
{
    public async Task<ServedModel> FindAsync(string reference, CancellationToken cancellation)
    {
        var (name, version) = ServedModel.Parse(reference);
        var listing = await connection.CallAsync(o => connection.Client.ListModelsAsync(new ListModelsRequest(), o), cancellation);
        var info = listing.Models.FirstOrDefault(m => m.Name == name && (version == 0 ? m.IsDefault : m.Version == version))
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"the server has no model {reference}; it serves {string.Join(", ", listing.Models.Select(m => $"{m.Name}:{m.Version}"))}"));
        var metadata = ContractFile.Parse<ModelMetadata>(info.MetadataJson, $"the metadata of {info.Name}:{info.Version}");
        return ServedModel.From(metadata);
    }

    public async Task<byte[]> TumourMasksAsync(ServedModel model, ulong seed, ulong start, int count, CancellationToken cancellation)
    {
        var response = await connection.CallAsync(o => connection.Client.GenerateTumourAsync(new GenerateTumourRequest
        {
            Model = Ref(model), Seed = seed, StartIndex = start, Count = count,
        }, o), cancellation);
        return response.Mask.Data.ToByteArray();
    }

    public async Task<float[]> GenerateBrainAsync(ServedModel model, float[] condition, CancellationToken cancellation)
    {
        var response = await connection.CallAsync(o => connection.Client.GenerateBrainAsync(new GenerateBrainRequest
        {
            Model = Ref(model), Condition = Tensors.Float32(condition, 1, model.Channels, model.Size, model.Size),
        }, o), cancellation);
        return Tensors.Floats(response.Image).ToArray();
    }

    public async Task<float[]> SegmentAsync(ServedModel model, float[] images, int count, CancellationToken cancellation)
    {
        var response = await connection.CallAsync(o => connection.Client.SegmentAsync(new SegmentRequest
        {
            Model = Ref(model), Image = Tensors.Float32(images, count, model.Channels, model.Size, model.Size),
        }, o), cancellation);
        return Tensors.Floats(response.Probability).ToArray();
    }

    private static ModelRef Ref(ServedModel model) => new() { Name = model.Name, Version = model.Version };

    public void Dispose()
    {
    }
}
