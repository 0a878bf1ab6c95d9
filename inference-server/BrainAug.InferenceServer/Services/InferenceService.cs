using BrainAug.Contracts.Generation;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.InferenceServer.Configuration;
using BrainAug.InferenceServer.Models;
using BrainAug.Protos.V1;
using Grpc.Core;

namespace BrainAug.InferenceServer.Services;

/// <summary>brainaug.v1.Inference: the three networks behind GenerateTumour, GenerateBrain, Segment and GeneratePairs.</summary>
public sealed class InferenceService(ModelAccess models, ModelCatalog catalog, ServerOptions options) : Inference.InferenceBase
{
    public override async Task<GenerateTumourResponse> GenerateTumour(GenerateTumourRequest request, ServerCallContext context)
    {
        using var lease = models.Acquire(request.Model, ModelNames.TumourGenerator, NetworkKind.Tumour, nameof(GenerateTumour));
        var version = lease.Version;
        var labelLength = version.Model.OutputSampleLength(ModelAccess.Output(version, "label_map"));
        var count = CheckCount(request.Count, options.MaxSamplesPerCall(labelLength * (sizeof(float) + 1)), "count"); // label_map float32 + mask uint8
        SampleRange.Check(request.StartIndex, count);
        var outputs = await models.RunAsync(lease, count, (destination, first, n) =>
            WriteNoise(destination, request.Seed, request.StartIndex + (ulong)first, n, version.Model.SampleLength), context);

        var labelMap = ModelAccess.Output(version, "label_map");
        long[] shape = [count, .. version.Model.OutputSampleShapes[labelMap]];
        return new GenerateTumourResponse
        {
            Model = ModelAccess.ServedBy(version),
            StartIndex = request.StartIndex,
            LabelMap = TensorCodec.Float32(outputs[labelMap], shape),
            Mask = TensorCodec.UInt8(Masks.Positive(outputs[labelMap]), shape),
        };
    }

    public override async Task<GenerateBrainResponse> GenerateBrain(GenerateBrainRequest request, ServerCallContext context)
    {
        using var lease = models.Acquire(request.Model, ModelNames.BrainGenerator, NetworkKind.Brain, nameof(GenerateBrain));
        var version = lease.Version;
        var imageBytes = version.Model.OutputSampleLength(ModelAccess.Output(version, "image")) * sizeof(float);
        var count = TensorCodec.CheckFloatBatch(request.Condition, "condition", version.Model.SampleShape, options.MaxSamplesPerCall(imageBytes), InputChecks.Describe(version));
        InputChecks.Inpainting(version, TensorCodec.Floats(request.Condition), count, "condition");
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
        using var lease = models.Acquire(request.Model, ModelNames.SegDnn, NetworkKind.Seg, nameof(Segment));
        var version = lease.Version;
        if (request.HasThreshold && !(request.Threshold > 0 && request.Threshold <= 1))
            RpcErrors.InvalidArgument($"threshold {request.Threshold} must lie in (0, 1]; the study used 0.5");
        if (request.OmitProbability && !request.HasThreshold)
            RpcErrors.InvalidArgument("omit_probability without a threshold would return nothing: set threshold to get a mask");
        var probabilityIndex = ModelAccess.Output(version, "probability");
        var shape = version.Model.OutputSampleShapes[probabilityIndex];
        var responseBytes = (request.OmitProbability ? 0 : version.Model.OutputSampleLength(probabilityIndex) * sizeof(float)) + (request.HasThreshold ? shape[1] * shape[2] : 0);
        var count = TensorCodec.CheckFloatBatch(request.Image, "image", version.Model.SampleShape, options.MaxSamplesPerCall(responseBytes), InputChecks.Describe(version));
        var outputs = await models.RunAsync(lease, count, (destination, first, n) => CopySamples(request.Image, destination, first, n, version.Model.SampleLength), context);

        var response = new SegmentResponse { Model = ModelAccess.ServedBy(version) };
        if (!request.OmitProbability) response.Probability = TensorCodec.Float32(outputs[probabilityIndex], [count, .. shape]);
        if (request.HasThreshold)
        {
            var pixels = (int)(shape[1] * shape[2]);
            var mask = version.Metadata.TrainingConfig.Regions
                ? Masks.FromRegions(outputs[probabilityIndex], count, pixels, request.Threshold)
                : Masks.FromProbability(outputs[probabilityIndex], count, (int)shape[0], pixels, request.Threshold);
            response.Mask = TensorCodec.UInt8(mask, count, 1, shape[1], shape[2]);
        }
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
}
