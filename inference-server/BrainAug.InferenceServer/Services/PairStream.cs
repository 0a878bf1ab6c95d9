using BrainAug.Contracts.Generation;
using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.InferenceServer.Configuration;
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
        using var tumourLease = models.Acquire(request.TumourModel, ModelNames.TumourGenerator, NetworkKind.Tumour, "GeneratePairs");
        using var brainLease = models.Acquire(request.BrainModel, ModelNames.BrainGenerator, NetworkKind.Brain, "GeneratePairs");
        var (tumour, brain) = (tumourLease.Version, brainLease.Version);
        if (request.Count < 1 || request.Count > options.MaxStreamCount)
            RpcErrors.InvalidArgument($"count {request.Count} must lie in 1..{options.MaxStreamCount}");
        SampleRange.Check(request.StartIndex, request.Count);
        var chunk = request.ChunkSize == 0 ? 8 : request.ChunkSize;
        if (chunk is < 1 or > MaxChunk) RpcErrors.InvalidArgument($"chunk_size {request.ChunkSize} must lie in 1..{MaxChunk} (0: 8)");
        var geometry = Geometry.Check(tumour, brain, request);
        float[] outline = request.Outline is null ? [] : TensorCodec.Floats(request.Outline).ToArray();
        float[] hosts = request.Hosts is null ? [] : TensorCodec.Floats(request.Hosts).ToArray();
        byte[] hostLabels = request.HostLabels is null ? [] : request.HostLabels.Data.ToByteArray();

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
            var labelMaps = Masks.Positive(tumourOutputs[ModelAccess.Output(tumour, "label_map")]);
            for (var i = 0; i < n; i++)
                Compose(geometry, labelMaps, i, first + (ulong)i, outline, hosts, hostLabels, condition.AsSpan(i * brain.Model.SampleLength, brain.Model.SampleLength), labels);
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

    /// <summary>
    /// Pair <paramref name="sample"/> of a chunk through <see cref="PairComposer"/>. No placement here: a label-conditioned
    /// generator draws the tumour where the tumour generator put it; an inpainting one paints it into host
    /// (index mod host count), kept inside that host's brain.
    /// </summary>
    private static void Compose(Geometry geometry, byte[] labelMaps, int sample, ulong index, float[] outline, float[] hosts, byte[] hostLabels, Span<float> condition, byte[] labels)
    {
        var (channels, size) = (geometry.LabelChannels, geometry.Size);
        var plane = size * size;
        var sourceLength = channels * geometry.TumourSize * geometry.TumourSize;
        var tumour = PairComposer.Resize(labelMaps.AsSpan(sample * sourceLength, sourceLength), channels, geometry.TumourSize, size);
        var label = labels.AsSpan(sample * channels * plane, channels * plane);
        if (geometry.Inpainting is not { } inpainting)
        {
            tumour.CopyTo(label);
            PairComposer.Condition(tumour, outline, condition);
            return;
        }
        var hostLength = inpainting.ModalityCount * plane;
        var hostIndex = (int)(index % (ulong)(hosts.Length / hostLength));
        var host = hosts.AsSpan(hostIndex * hostLength, hostLength);
        var brain = BrainMask.Of(host[..plane], BrainMask.GeneratorBackground);
        for (var i = 0; i < tumour.Length; i++) if (!brain[i % plane]) tumour[i] = 0;
        ReadOnlySpan<byte> hostLabel = hostLabels.Length == 0 ? [] : hostLabels.AsSpan(hostIndex * channels * plane, channels * plane);
        PairComposer.Inpaint(host, hostLabel, tumour, channels, brain, size, inpainting.RegionMargin, condition, label);
    }

    /// <summary>How the tumour generator's output maps onto the brain generator's condition; Inpainting is the brain
    /// generator's config when it paints into hosts.</summary>
    private sealed record Geometry(int LabelChannels, int TumourSize, int Size, BrainConfig? Inpainting)
    {
        private const int MaxHosts = 1024;

        public static Geometry Check(ModelVersion tumour, ModelVersion brain, GeneratePairsRequest request)
        {
            var tumourShape = tumour.Model.OutputSampleShapes[ModelAccess.Output(tumour, "label_map")];
            var brainShape = brain.Model.SampleShape;
            var (labelChannels, size) = ((int)tumourShape[0], (int)brainShape[1]);
            var model = $"{brain.Name} version {brain.Version}";
            if (tumourShape[1] != tumourShape[2] || brainShape[1] != brainShape[2])
                RpcErrors.FailedPrecondition("GeneratePairs needs square tumour and brain generators");
            if (brain.Metadata.TrainingConfig is BrainConfig { Inpaints: true } inpainting)
            {
                CheckHosts(request, inpainting, labelChannels, size, model);
                return new Geometry(labelChannels, (int)tumourShape[1], size, inpainting);
            }
            if (request.Hosts is not null || request.HostLabels is not null)
                RpcErrors.InvalidArgument($"{model} does not inpaint; leave hosts and host_labels unset");
            var takesOutline = brainShape[0] == labelChannels + 1;
            if (!takesOutline && brainShape[0] != labelChannels)
                RpcErrors.FailedPrecondition($"{tumour.Name} version {tumour.Version} makes {labelChannels} label channels; {model} takes {brainShape[0]} condition channels");
            if (takesOutline && request.Outline is null)
                RpcErrors.InvalidArgument($"{model} takes a brain outline channel: send outline as float32 (1, 1, {size}, {size}) in {{-1, 1}}");
            if (!takesOutline && request.Outline is not null)
                RpcErrors.InvalidArgument($"{model} takes no outline channel; leave outline unset");
            if (request.Outline is not null) TensorCodec.CheckFloatBatch(request.Outline, "outline", [1, size, size], 1, model);
            return new Geometry(labelChannels, (int)tumourShape[1], size, null);
        }

        private static void CheckHosts(GeneratePairsRequest request, BrainConfig inpainting, int labelChannels, int size, string model)
        {
            if (inpainting.LabelChannels != labelChannels)
                RpcErrors.FailedPrecondition($"the tumour generator makes {labelChannels} label channels; {model} paints {inpainting.LabelChannels}");
            if (request.Outline is not null) RpcErrors.InvalidArgument($"{model} inpaints into hosts and takes no outline; leave outline unset");
            if (request.Hosts is null)
                RpcErrors.InvalidArgument($"{model} paints tumours into real slices: send hosts as float32 (K, {inpainting.ModalityCount}, {size}, {size}) in [-1, 1]");
            var count = TensorCodec.CheckFloatBatch(request.Hosts, "hosts", [inpainting.ModalityCount, size, size], MaxHosts, model);
            var values = TensorCodec.Floats(request.Hosts);
            for (var i = 0; i < values.Length; i++)
                if (values[i] is < -1 or > 1) RpcErrors.InvalidArgument($"hosts holds {values[i]} at element {i}: host slices lie in [-1, 1]");
            if (request.HostLabels is not null) TensorCodec.CheckMaskBatch(request.HostLabels, "host_labels", [labelChannels, size, size], count);
        }
    }
}
