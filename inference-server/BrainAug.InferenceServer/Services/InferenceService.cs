using System.Runtime.InteropServices;
using BrainAug.InferenceServer.Configuration;
using BrainAug.InferenceServer.Generation;
using BrainAug.InferenceServer.Models;
using BrainAug.Protos.V1;
using Grpc.Core;

namespace BrainAug.InferenceServer.Services;

/// <summary>brainaug.v1.Inference: the three networks behind GenerateTumour, GenerateBrain, Segment and GeneratePairs.</summary>
public sealed class InferenceService(ModelAccess models, ModelCatalog catalog, ServerOptions options) : Inference.InferenceBase
{
    public override async Task<GenerateTumourResponse> GenerateTumour(GenerateTumourRequest request, ServerCallContext context)
    {
        using var lease = models.Acquire(request.Model, "tumour-generator", ModelAccess.TumourNetwork, nameof(GenerateTumour));
        var version = lease.Version;
        var count = CheckCount(request.Count, MaxCount(version), "count");
        var outputs = await models.RunAsync(lease, count, (destination, first, n) =>
            WriteNoise(destination, request.Seed, request.StartIndex + (ulong)first, n, version.Model.SampleLength), context);

        long[] shape = [count, .. version.Model.OutputSampleShapes[ModelAccess.Output(version, "label_map")]];
        return new GenerateTumourResponse
        {
            Model = ModelAccess.ServedBy(version),
            StartIndex = request.StartIndex,
            LabelMap = TensorCodec.Float32(outputs[ModelAccess.Output(version, "label_map")], shape),
            Mask = TensorCodec.UInt8(ToBytes(outputs[ModelAccess.Output(version, "mask")]), shape),
        };
    }

    public override async Task<GenerateBrainResponse> GenerateBrain(GenerateBrainRequest request, ServerCallContext context)
    {
        using var lease = models.Acquire(request.Model, "brain-generator", ModelAccess.BrainNetwork, nameof(GenerateBrain));
        var version = lease.Version;
        var count = TensorCodec.CheckFloatBatch(request.Condition, "condition", version.Model.SampleShape, MaxCount(version), Describe(version));
        var outputs = await models.RunAsync(lease, count, (destination, first, n) => CopySamples(request.Condition, destination, first, n, version.Model.SampleLength), context);

        var image = ModelAccess.Output(version, "image");
        return new GenerateBrainResponse
        {
            Model = ModelAccess.ServedBy(version),
            Image = TensorCodec.Float32(outputs[image], [count, .. version.Model.OutputSampleShapes[image]]),
        };
    }

    public override async Task<SegmentResponse> Segment(SegmentRequest request, ServerCallContext context)
    {
        using var lease = models.Acquire(request.Model, "seg-dnn", ModelAccess.SegNetwork, nameof(Segment));
        var version = lease.Version;
        if (request.HasThreshold && !(request.Threshold > 0 && request.Threshold <= 1))
            RpcErrors.InvalidArgument($"threshold {request.Threshold} must lie in (0, 1]; the study used 0.5");
        if (request.OmitProbability && !request.HasThreshold)
            RpcErrors.InvalidArgument("omit_probability without a threshold would return nothing: set threshold to get a mask");
        var count = TensorCodec.CheckFloatBatch(request.Image, "image", version.Model.SampleShape, MaxCount(version), Describe(version));
        var outputs = await models.RunAsync(lease, count, (destination, first, n) => CopySamples(request.Image, destination, first, n, version.Model.SampleLength), context);

        var probabilityIndex = ModelAccess.Output(version, "probability");
        var shape = version.Model.OutputSampleShapes[probabilityIndex];
        var response = new SegmentResponse { Model = ModelAccess.ServedBy(version) };
        if (!request.OmitProbability) response.Probability = TensorCodec.Float32(outputs[probabilityIndex], [count, .. shape]);
        if (request.HasThreshold)
            response.Mask = TensorCodec.UInt8(Masks.FromProbability(outputs[probabilityIndex], count, (int)shape[0], (int)(shape[1] * shape[2]), request.Threshold), count, 1, shape[1], shape[2]);
        return response;
    }

    public override Task GeneratePairs(GeneratePairsRequest request, IServerStreamWriter<PairChunk> responseStream, ServerCallContext context) =>
        new PairStream(models, options).WriteAsync(request, responseStream, context);

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var response = new ListModelsResponse
        {
            MaxGenerateCount = options.MaxGenerateCount,
            MaxStreamCount = options.MaxStreamCount,
            MaxBatchSize = options.MaxBatchSize,
        };
        response.Models.Add(catalog.Snapshot().Select(v => ModelInfoMapper.ToInfo(v, catalog.IsDefault(v))));
        response.Refused.Add(catalog.Refused.Select(r => new RefusedModel { Name = r.Model, Version = r.Version, Reason = r.Reason }));
        return Task.FromResult(response);
    }

    /// <summary>Most samples per call for this model: the configured limit, lowered so the response fits one message.</summary>
    private int MaxCount(ModelVersion version)
    {
        var bytesPerSample = Enumerable.Range(0, version.Model.OutputNames.Count).Sum(o => (long)version.Model.OutputSampleLength(o) * sizeof(float));
        var fitting = (options.MaxMessageBytes - 4096) / Math.Max(bytesPerSample, version.Model.SampleLength * sizeof(float));
        return (int)Math.Max(1, Math.Min(options.MaxGenerateCount, fitting));
    }

    private static int CheckCount(int count, int max, string field)
    {
        if (count < 1 || count > max)
            RpcErrors.InvalidArgument($"{field} {count} must lie in 1..{max} for one call (GeneratePairs streams larger counts)");
        return count;
    }

    private static void WriteNoise(Span<float> destination, ulong seed, ulong firstIndex, int n, int length)
    {
        for (var i = 0; i < n; i++) CounterNoise.Fill(seed, firstIndex + (ulong)i, destination.Slice(i * length, length));
    }

    private static void CopySamples(Tensor tensor, Span<float> destination, int first, int n, int length) =>
        TensorCodec.Floats(tensor).Slice(first * length, n * length).CopyTo(destination);

    private static byte[] ToBytes(byte[] floatBytes)
    {
        var values = MemoryMarshal.Cast<byte, float>(floatBytes);
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++) bytes[i] = values[i] > 0.5f ? (byte)1 : (byte)0;
        return bytes;
    }

    private static string Describe(ModelVersion version) => $"{version.Name} version {version.Version}";
}
