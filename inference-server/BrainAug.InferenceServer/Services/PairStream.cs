using System.Runtime.InteropServices;
using BrainAug.Contracts.Training;
using BrainAug.InferenceServer.Configuration;
using BrainAug.InferenceServer.Generation;
using BrainAug.InferenceServer.Models;
using BrainAug.Protos.V1;
using Grpc.Core;

namespace BrainAug.InferenceServer.Services;

/// <summary>
/// One GeneratePairs call: tumour maps for (seed, start_index + i), turned into brain-generator conditions and
/// rendered, streamed chunk by chunk. Both model versions are held for the whole stream, so a reload during
/// the call does not mix versions.
/// </summary>
public sealed class PairStream(ModelAccess models, ServerOptions options)
{
    private const int MaxChunk = 64;

    public async Task WriteAsync(GeneratePairsRequest request, IServerStreamWriter<PairChunk> stream, ServerCallContext context)
    {
        using var tumourLease = models.Acquire(request.TumourModel, "tumour-generator", NetworkKind.Tumour, "GeneratePairs");
        using var brainLease = models.Acquire(request.BrainModel, "brain-generator", NetworkKind.Brain, "GeneratePairs");
        var (tumour, brain) = (tumourLease.Version, brainLease.Version);
        if (request.Count < 1 || request.Count > options.MaxStreamCount)
            RpcErrors.InvalidArgument($"count {request.Count} must lie in 1..{options.MaxStreamCount}");
        SampleRange.Check(request.StartIndex, request.Count);
        var chunk = request.ChunkSize == 0 ? 8 : request.ChunkSize;
        if (chunk is < 1 or > MaxChunk) RpcErrors.InvalidArgument($"chunk_size {request.ChunkSize} must lie in 1..{MaxChunk} (0: 8)");
        var geometry = Geometry.Check(tumour, brain, request.Outline);
        float[] outline = request.Outline is null ? [] : TensorCodec.Floats(request.Outline).ToArray();

        for (var done = 0; done < request.Count; done += chunk)
        {
            var n = Math.Min(chunk, request.Count - done);
            var first = request.StartIndex + (ulong)done;
            var tumourOutputs = await models.RunAsync(tumourLease, n, (destination, from, m) =>
            {
                for (var i = 0; i < m; i++)
                    CounterNoise.Fill(request.Seed, first + (ulong)(from + i), destination.Slice(i * tumour.Model.SampleLength, tumour.Model.SampleLength));
            }, context);

            var condition = new float[n * brain.Model.SampleLength];
            var labels = new byte[n * geometry.LabelChannels * geometry.Size * geometry.Size];
            PairComposer.Compose(MemoryMarshal.Cast<byte, float>(tumourOutputs[ModelAccess.Output(tumour, "label_map")]), n, geometry.LabelChannels,
                geometry.TumourSize, outline, geometry.Size, condition, labels);
            var brainOutputs = await models.RunAsync(brainLease, n, (destination, from, m) =>
                condition.AsSpan(from * brain.Model.SampleLength, m * brain.Model.SampleLength).CopyTo(destination), context);

            var image = ModelAccess.Output(brain, "image");
            await stream.WriteAsync(new PairChunk
            {
                TumourModel = ModelAccess.ServedBy(tumour),
                BrainModel = ModelAccess.ServedBy(brain),
                StartIndex = first,
                LabelMap = TensorCodec.UInt8(labels, n, geometry.LabelChannels, geometry.Size, geometry.Size),
                Image = TensorCodec.Float32(brainOutputs[image], [n, .. brain.Model.OutputSampleShapes[image]]),
            }, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How the tumour generator's output maps onto the brain generator's condition.</summary>
    private sealed record Geometry(int LabelChannels, int TumourSize, int Size)
    {
        public static Geometry Check(ModelVersion tumour, ModelVersion brain, Tensor? outline)
        {
            var tumourShape = tumour.Model.OutputSampleShapes[ModelAccess.Output(tumour, "label_map")];
            var brainShape = brain.Model.SampleShape;
            var (labelChannels, size) = ((int)tumourShape[0], (int)brainShape[1]);
            var takesOutline = brainShape[0] == labelChannels + 1;
            if (tumourShape[1] != tumourShape[2] || brainShape[1] != brainShape[2])
                RpcErrors.FailedPrecondition("GeneratePairs needs square tumour and brain generators");
            if (!takesOutline && brainShape[0] != labelChannels)
                RpcErrors.FailedPrecondition($"{tumour.Name} version {tumour.Version} makes {labelChannels} label channels; {brain.Name} version {brain.Version} takes {brainShape[0]} condition channels");
            if (takesOutline && outline is null)
                RpcErrors.InvalidArgument($"{brain.Name} version {brain.Version} takes a brain outline channel: send outline as float32 (1, 1, {size}, {size}) in {{-1, 1}}");
            if (!takesOutline && outline is not null)
                RpcErrors.InvalidArgument($"{brain.Name} version {brain.Version} takes no outline channel; leave outline unset");
            if (outline is not null) TensorCodec.CheckFloatBatch(outline, "outline", [1, size, size], 1, $"{brain.Name} version {brain.Version}");
            return new Geometry(labelChannels, (int)tumourShape[1], size);
        }
    }
}
