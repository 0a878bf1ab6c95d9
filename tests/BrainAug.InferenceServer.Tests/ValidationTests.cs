using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;

namespace BrainAug.InferenceServer.Tests;

/// <summary>
/// Malformed requests against the live server: each gets the documented status code and a message saying what was
/// expected, and the server keeps serving afterwards.
/// </summary>
[Collection(ServerCollection.Name)]
public class ValidationTests(ModelsFixture models)
{
    private static Tensor Outline => Tensors.Float32(Tensors.Outline(32), 1, 1, 32, 32);

    private static Tensor With(Tensor tensor, Action<Tensor> change)
    {
        var copy = tensor.Clone();
        change(copy);
        return copy;
    }

    private static Tensor ImageWith(float value) => With(Tensors.Images(1), t =>
    {
        var values = Tensors.Floats(t);
        values[123] = value;
        t.Data = Tensors.Float32(values, 1, 1, 32, 32).Data;
    });

    private static Task Segment(Inference.InferenceClient client, SegmentRequest request) => client.SegmentAsync(request).ResponseAsync;

    private static Task Pairs(Inference.InferenceClient client, GeneratePairsRequest request) =>
        client.GeneratePairs(request).ResponseStream.ReadAllAsync().ToListAsync().AsTask();

    private static readonly Dictionary<string, (Func<Inference.InferenceClient, Task> Call, StatusCode Code, string Message)> Cases = new()
    {
        ["segment: no image"] = (c => Segment(c, new SegmentRequest()), StatusCode.InvalidArgument, "image is missing: expected float32 (N, 1, 32, 32)"),
        ["segment: uint8 dtype"] = (c => Segment(c, new SegmentRequest { Image = With(Tensors.Images(1), t => t.Dtype = DataType.Uint8) }), StatusCode.InvalidArgument, "dtype Uint8"),
        ["segment: unspecified dtype"] = (c => Segment(c, new SegmentRequest { Image = With(Tensors.Images(1), t => t.Dtype = DataType.Unspecified) }), StatusCode.InvalidArgument, "dtype Unspecified"),
        ["segment: rank 3"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Float32(new float[1024], 1, 32, 32) }), StatusCode.InvalidArgument, "shape [1, 32, 32]"),
        ["segment: 3 channels"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Images(1, channels: 3) }), StatusCode.InvalidArgument, "channels 3"),
        ["segment: wrong size"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Images(1, size: 48) }), StatusCode.InvalidArgument, "height 48"),
        ["segment: zero samples"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Float32([], 0, 1, 32, 32) }), StatusCode.InvalidArgument, "holds 0 samples"),
        ["segment: negative dimension"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Float32([], -1, 1, 32, 32) }), StatusCode.InvalidArgument, "holds -1 samples"),
        ["segment: above the count limit"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Images(65) }), StatusCode.InvalidArgument, "1 <= N <= 64"),
        ["segment: huge shape"] = (c => Segment(c, new SegmentRequest { Image = With(Tensors.Images(1), t => t.Shape[2] = long.MaxValue) }), StatusCode.InvalidArgument, "height 9223372036854775807"),
        ["segment: empty bytes"] = (c => Segment(c, new SegmentRequest { Image = With(Tensors.Images(1), t => t.Data = ByteString.Empty) }), StatusCode.InvalidArgument, "has 0 bytes"),
        ["segment: bytes cut short"] = (c => Segment(c, new SegmentRequest { Image = With(Tensors.Images(1), t => t.Data = ByteString.CopyFrom(t.Data.Span[..4000])) }), StatusCode.InvalidArgument, "needs 4096"),
        ["segment: NaN"] = (c => Segment(c, new SegmentRequest { Image = ImageWith(float.NaN) }), StatusCode.InvalidArgument, "NaN at element 123"),
        ["segment: infinity"] = (c => Segment(c, new SegmentRequest { Image = ImageWith(float.PositiveInfinity) }), StatusCode.InvalidArgument, "at element 123: values must be finite"),
        ["segment: threshold 0"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Images(1), Threshold = 0 }), StatusCode.InvalidArgument, "threshold 0 must lie in (0, 1]"),
        ["segment: threshold 1.5"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Images(1), Threshold = 1.5f }), StatusCode.InvalidArgument, "must lie in (0, 1]"),
        ["segment: threshold NaN"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Images(1), Threshold = float.NaN }), StatusCode.InvalidArgument, "must lie in (0, 1]"),
        ["segment: nothing asked"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Images(1), OmitProbability = true }), StatusCode.InvalidArgument, "would return nothing"),
        ["segment: unknown model"] = (c => Segment(c, new SegmentRequest { Model = new ModelRef { Name = "no-such-model" }, Image = Tensors.Images(1) }), StatusCode.NotFound, "no model named 'no-such-model' is loaded; loaded: brain-generator, seg-dnn, tumour-generator"),
        ["segment: unknown version"] = (c => Segment(c, new SegmentRequest { Model = new ModelRef { Name = "seg-dnn", Version = 7 }, Image = Tensors.Images(1) }), StatusCode.NotFound, "has no loaded version 7; loaded versions: 1"),
        ["segment: negative version"] = (c => Segment(c, new SegmentRequest { Model = new ModelRef { Name = "seg-dnn", Version = -1 }, Image = Tensors.Images(1) }), StatusCode.InvalidArgument, "version -1 is negative"),
        ["segment: path traversal"] = (c => Segment(c, new SegmentRequest { Model = new ModelRef { Name = "../models/seg-dnn" }, Image = Tensors.Images(1) }), StatusCode.InvalidArgument, "model name '../models/seg-dnn' is not valid"),
        ["segment: absolute path"] = (c => Segment(c, new SegmentRequest { Model = new ModelRef { Name = "/etc/passwd" }, Image = Tensors.Images(1) }), StatusCode.InvalidArgument, "is not valid"),
        ["segment: on a generator"] = (c => Segment(c, new SegmentRequest { Model = new ModelRef { Name = "tumour-generator" }, Image = Tensors.Images(1) }), StatusCode.InvalidArgument, "tumour-generator is a tumour network; Segment needs a seg network"),
        ["tumour: count 0"] = (c => c.GenerateTumourAsync(new GenerateTumourRequest { Count = 0 }).ResponseAsync, StatusCode.InvalidArgument, "count 0 must lie in 1..64"),
        ["tumour: count -5"] = (c => c.GenerateTumourAsync(new GenerateTumourRequest { Count = -5 }).ResponseAsync, StatusCode.InvalidArgument, "count -5 must lie in 1..64"),
        ["tumour: index range past 2^64"] = (c => c.GenerateTumourAsync(new GenerateTumourRequest { StartIndex = ulong.MaxValue, Count = 2 }).ResponseAsync, StatusCode.InvalidArgument, "start_index 18446744073709551615 with count 2 runs past the last sample index 2^64 - 1; the last valid start_index for count 2 is 18446744073709551614"),
        ["tumour: index range just past 2^64"] = (c => c.GenerateTumourAsync(new GenerateTumourRequest { StartIndex = ulong.MaxValue - 62, Count = 64 }).ResponseAsync, StatusCode.InvalidArgument, "the last valid start_index for count 64 is 18446744073709551552"),
        ["pairs: index range past 2^64"] = (c => Pairs(c, new GeneratePairsRequest { StartIndex = ulong.MaxValue - 5, Count = 10, Outline = Outline }), StatusCode.InvalidArgument, "the last valid start_index for count 10 is 18446744073709551606"),
        ["tumour: huge count"] = (c => c.GenerateTumourAsync(new GenerateTumourRequest { Count = int.MaxValue }).ResponseAsync, StatusCode.InvalidArgument, "must lie in 1..64 for one call (GeneratePairs streams larger counts)"),
        ["brain: no condition"] = (c => c.GenerateBrainAsync(new GenerateBrainRequest()).ResponseAsync, StatusCode.InvalidArgument, "condition is missing: expected float32 (N, 2, 32, 32)"),
        ["brain: label only, no outline channel"] = (c => c.GenerateBrainAsync(new GenerateBrainRequest { Condition = Tensors.Images(1) }).ResponseAsync, StatusCode.InvalidArgument, "channels 1: expected float32 (N, 2, 32, 32)"),
        ["brain: NaN in the condition"] = (c => c.GenerateBrainAsync(new GenerateBrainRequest { Condition = With(Tensors.Conditions(1), t => t.Data = Tensors.Float32([.. Tensors.Floats(t).Select((v, i) => i == 7 ? float.NaN : v)], 1, 2, 32, 32).Data) }).ResponseAsync, StatusCode.InvalidArgument, "NaN at element 7"),
        ["brain: huge batch dimension"] = (c => c.GenerateBrainAsync(new GenerateBrainRequest { Condition = With(Tensors.Conditions(1), t => t.Shape[0] = int.MaxValue) }).ResponseAsync, StatusCode.InvalidArgument, "holds 2147483647 samples"),
        ["segment: rank 5"] = (c => Segment(c, new SegmentRequest { Image = Tensors.Float32(new float[1024], 1, 1, 1, 32, 32) }), StatusCode.InvalidArgument, "shape [1, 1, 1, 32, 32]"),
        ["segment: empty model name with a version"] = (c => Segment(c, new SegmentRequest { Model = new ModelRef { Version = 99 }, Image = Tensors.Images(1) }), StatusCode.NotFound, "has no loaded version 99"),
        ["tumour: unknown version"] = (c => c.GenerateTumourAsync(new GenerateTumourRequest { Model = new ModelRef { Name = "tumour-generator", Version = 3 }, Count = 1 }).ResponseAsync, StatusCode.NotFound, "has no loaded version 3"),
        ["pairs: NaN in the outline"] = (c => Pairs(c, new GeneratePairsRequest { Count = 1, Outline = Tensors.Float32([float.NaN, .. Tensors.Outline(32)[1..]], 1, 1, 32, 32) }), StatusCode.InvalidArgument, "NaN at element 0"),
        ["pairs: count above the stream limit"] = (c => Pairs(c, new GeneratePairsRequest { Count = int.MaxValue, Outline = Outline }), StatusCode.InvalidArgument, "must lie in 1..1000000"),
        ["pairs: count 0"] = (c => Pairs(c, new GeneratePairsRequest { Outline = Outline }), StatusCode.InvalidArgument, "count 0 must lie in 1..1000000"),
        ["pairs: chunk 65"] = (c => Pairs(c, new GeneratePairsRequest { Count = 1, ChunkSize = 65, Outline = Outline }), StatusCode.InvalidArgument, "chunk_size 65 must lie in 1..64"),
        ["pairs: no outline"] = (c => Pairs(c, new GeneratePairsRequest { Count = 1 }), StatusCode.InvalidArgument, "takes a brain outline channel: send outline as float32 (1, 1, 32, 32)"),
        ["pairs: outline of the wrong size"] = (c => Pairs(c, new GeneratePairsRequest { Count = 1, Outline = Tensors.Float32(new float[256], 1, 1, 16, 16) }), StatusCode.InvalidArgument, "outline has height 16"),
        ["pairs: seg-dnn as brain model"] = (c => Pairs(c, new GeneratePairsRequest { Count = 1, BrainModel = new ModelRef { Name = "seg-dnn" }, Outline = Outline }), StatusCode.InvalidArgument, "GeneratePairs needs a brain network"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadRequest_StatusCodeAndMessageSayWhatWasExpected(string name)
    {
        var server = await models.SharedServerAsync();
        var (call, code, message) = Cases[name];

        var error = await Assert.ThrowsAsync<RpcException>(() => call(server.Client()));

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
    }

    [Fact]
    public async Task AfterEveryBadRequest_ServerStillServesAndIsHealthy()
    {
        var server = await models.SharedServerAsync();
        foreach (var (call, _, _) in Cases.Values) await Assert.ThrowsAsync<RpcException>(() => call(server.Client()));

        var response = await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) });

        Assert.Equal(1024 * sizeof(float), response.Probability.Data.Length);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await server.HealthAsync());
        Assert.Matches("brainaug_request_failures_total\\{rpc=\"Segment\",code=\"InvalidArgument\"\\} [1-9]", await server.MetricsAsync());
    }

    [Fact]
    public async Task OversizedMessage_ResourceExhaustedWithoutBeingRead()
    {
        var repository = models.NewRepository(copyModels: true);
        await using var server = await ServerProcess.StartAsync(repository, ["--max-message-mib", "1"]);

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(300) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("exceeds the maximum configured message size", error.Status.Detail);
        Assert.Equal(1, (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Probability.Shape[0]); // still serving
    }

    [Fact]
    public async Task CountWhoseResponseWouldNotFitAMessage_RefusedWithTheFittingLimit()
    {
        var repository = models.NewRepository(copyModels: true);
        await using var server = await ServerProcess.StartAsync(repository, ["--max-message-mib", "1", "--max-generate-count", "100000"]);

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client().GenerateTumourAsync(new GenerateTumourRequest { Count = 1000 }).ResponseAsync);

        // A 16x16 sample is 1 KiB of label_map (float32) + 256 B of mask (uint8): (1 MiB - 4 KiB) / 1280 B = 816.
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("count 1000 must lie in 1..816", error.Status.Detail);
        Assert.Equal(816, (await server.Client().GenerateTumourAsync(new GenerateTumourRequest { Count = 816 })).LabelMap.Shape[0]);
    }

    [Fact]
    public async Task Deadline_ExceededStreamEndsAndServerKeepsServing()
    {
        var server = await models.SharedServerAsync();

        using var call = server.Client()
            .GeneratePairs(new GeneratePairsRequest { Count = 1_000_000, ChunkSize = 64, Outline = Outline }, deadline: DateTime.UtcNow.AddMilliseconds(300));

        await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.ReadAllAsync().CountAsync().AsTask());

        // The call's status, not the exception's: Grpc.Net.Client sets DeadlineExceeded on the call before it aborts the
        // HTTP/2 stream, and a read caught by that abort surfaces as IOException, which it maps to Unavailable
        // (grpc/grpc-dotnet#1214; 6 of 300 calls on an Intel Xeon here, the call's status was DeadlineExceeded in all 300).
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().StatusCode);
        Assert.Equal(1, (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Probability.Shape[0]); // still serving
    }

    [Fact]
    public async Task Cancellation_StreamStopsAndServerKeepsServing()
    {
        var server = await models.SharedServerAsync();
        using var cancel = new CancellationTokenSource();
        using var call = server.Client().GeneratePairs(new GeneratePairsRequest { Count = 1_000_000, ChunkSize = 8, Outline = Outline }, cancellationToken: cancel.Token);

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => { while (await call.ResponseStream.MoveNext(CancellationToken.None)) { } });

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(1, (await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) })).Probability.Shape[0]); // still serving
    }
}
