using System.Diagnostics;
using System.Runtime.InteropServices;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.Exporter.Onnx;
using BrainAug.Exporter.Repository;
using BrainAug.Networks;
using BrainAug.Protos.Inference;
using BrainAug.Protos.V1;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace BrainAug.Benchmarks;

/// <summary>
/// Seg-DNN inference (U-Net base 16, 240x240, the same random weights everywhere) measured side by side:
/// ONNX Runtime in process, the same graph through brainaug-server over loopback (brainaug.v1's Segment, the Open
/// Inference Protocol's ModelInfer, and ModelInfer with the tensors in system shared memory), and TorchSharp eager.
/// </summary>
public static class InferenceBenchmark
{
    private const int Size = 240, BaseWidth = 16;

    /// <summary>Idle time between a slice and the next, so that the side just timed has parked its threads (ONNX
    /// Runtime's spin after a run): without it the first gRPC call of each slice took 45-65 ms instead of 23-25.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    public static void Run(BenchmarkReport report, double ceilingGflops, bool quick)
    {
        var seconds = quick ? 1.0 : 4.0;
        var gflopPerImage = UNetFlops.Forward(1, 1, BaseWidth, 4, Size) / 1e9;
        manual_seed(1);
        using var network = new UNet(1, 1, BaseWidth, 4);
        network.eval();
        var onnx = NetworkGraphs.UNet(network, 1, 1, Size, softmax: false).ToByteArray();
        var repository = Directory.CreateTempSubdirectory("brainaug-benchmark-models-").FullName;
        long[] shape = [-1, 1, Size, Size];
        var config = new SegConfig { Data = "none", Out = "none", Size = Size, BaseWidth = BaseWidth };
        BenchmarkModels.Publish(repository, "seg-dnn", config, onnx, new TensorSpec("image", "float32", shape, "[0, 1]", "benchmark input"),
            [new TensorSpec("logits", "float32", shape, "real", ""), new TensorSpec("probability", "float32", shape, "[0, 1]", "")]);
        const string section = "inference";

        var ort1 = OnnxRuntimeImagesPerSecond(onnx, 1, seconds);
        report.Add(section, "Seg-DNN 240 base 16, ONNX Runtime in process, batch 1", Rate(ort1, gflopPerImage), $"{ort1 * gflopPerImage / ceilingGflops:F2} of ceiling");
        var ort8 = OnnxRuntimeImagesPerSecond(onnx, 8, seconds);
        report.Add(section, "Seg-DNN 240 base 16, ONNX Runtime in process, batch 8", Rate(ort8, gflopPerImage), $"{ort8 * gflopPerImage / ceilingGflops:F2} of ceiling (target >= 0.8)");
        var torch8 = TorchImagesPerSecond(network, 8, seconds);
        report.Add(section, "Seg-DNN 240 base 16, TorchSharp eager, batch 8", Rate(torch8, gflopPerImage), $"ONNX Runtime is {ort8 / torch8:F2}x faster (target >= 2)");
        using (var server = BenchmarkServer.Start(repository))
        {
            using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
            var segment = SegmentCall(channel);
            var modelInfer = ModelInferCall(channel);
            var sharedMemory = Enumerable.Range(0, 16).Select(c => new SharedMemoryCall(channel, $"client{c}", ImageBytes().ToByteArray(), [1, 1, Size, Size])).ToList();
            // Each gRPC row is timed in slices alternating with the in-process batch it is compared with (the ratio's
            // denominator), so that the shared machine's load, which moved whole rows by 30-60 % here, hits both alike.
            using var inProcess1 = new InProcessOnnx(onnx, Images(1), 1, Size);
            using var inProcess8 = new InProcessOnnx(onnx, Images(8), 8, Size);
            var protocols = new (string Name, Func<int, Func<Task>> CallOf)[]
            {
                ("brainaug.v1 Segment", _ => segment),
                ("OIP ModelInfer", _ => modelInfer),
                ("OIP ModelInfer, tensors in shared memory", c => sharedMemory[c].CallAsync),
            };
            foreach (var (protocol, call) in protocols)
            {
                var one = GrpcConcurrentClients(server, call, 1, seconds, inProcess1);
                report.Add(section, $"Seg-DNN via gRPC loopback, {protocol}, 1 client", Rate(one.ImagesPerSecond, gflopPerImage),
                    $"{one.ImagesPerSecond / one.InProcess:F2} of in-process batch 1 alongside ({one.InProcess:F1} img/s; target >= 0.8); p50 {one.P50:F0} ms, p99 {one.P99:F0} ms; server ONNX Runtime {one.ServerMs:F0} ms/img");
                var sixteen = GrpcConcurrentClients(server, call, 16, seconds, inProcess8);
                report.Add(section, $"Seg-DNN via gRPC loopback, {protocol}, 16 clients x 1 image", Rate(sixteen.ImagesPerSecond, gflopPerImage),
                    $"{sixteen.ImagesPerSecond / sixteen.InProcess:F2} of in-process batch 8 alongside ({sixteen.InProcess:F1} img/s; target >= 0.9); p50 {sixteen.P50:F0} ms, p99 {sixteen.P99:F0} ms; mean batch {sixteen.MeanBatch:F1}");
            }
            var memoryBefore = server.ResidentBytes();
            sharedMemory.ForEach(c => c.Dispose());
            var load = GrpcConcurrentClients(server, _ => segment, 64, quick ? 3 : 20, null);
            var memoryAfter = server.ResidentBytes();
            report.Add("load", $"64 clients x Segment for {(quick ? 3 : 20)} s, loopback", $"{load.ImagesPerSecond:F1} calls/s, {load.Errors} errors",
                $"p50 {load.P50:F0} ms, p95 {load.P95:F0} ms, p99 {load.P99:F0} ms; server memory {memoryBefore >> 20} -> {memoryAfter >> 20} MiB ({(double)memoryAfter / memoryBefore - 1:+0.0%;-0.0%})");
        }
        Directory.Delete(repository, recursive: true);
    }

    private static string Rate(double imagesPerSecond, double gflopPerImage) => $"{imagesPerSecond:F1} img/s, {imagesPerSecond * gflopPerImage:F1} GFLOP/s";

    private static float[] Images(int count)
    {
        var values = new float[count * Size * Size];
        for (var i = 0; i < values.Length; i++) values[i] = (i % 251) / 251f;
        return values;
    }

    private static double OnnxRuntimeImagesPerSecond(byte[] onnx, int batch, double seconds)
    {
        using var inProcess = new InProcessOnnx(onnx, Images(batch), batch, Size);
        var (images, elapsed) = inProcess.Run(seconds);
        return images / elapsed;
    }

    private static double TorchImagesPerSecond(UNet network, int batch, double seconds)
    {
        using var noGrad = no_grad();
        using var images = tensor(Images(batch), [batch, 1, Size, Size]);
        return Repeat(batch, seconds, () =>
        {
            using var scope = NewDisposeScope();
            network.call(images).sigmoid();
        });
    }

    /// <summary>Images per second of <paramref name="run"/> (batch images per call), after one warm-up call.</summary>
    public static double Repeat(int batch, double seconds, Action run)
    {
        run();
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds || calls < 2)
        {
            run();
            calls++;
        }
        return calls * batch / clock.Elapsed.TotalSeconds;
    }

    /// <summary>One image through brainaug.v1's Segment.</summary>
    private static Func<Task> SegmentCall(GrpcChannel channel)
    {
        var client = new Inference.InferenceClient(channel);
        var request = new SegmentRequest { Image = new BrainAug.Protos.V1.Tensor { Dtype = DataType.Float32, Shape = { 1, 1, Size, Size }, Data = ImageBytes() } };
        return async () => await client.SegmentAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
    }

    /// <summary>The same image through the Open Inference Protocol's ModelInfer, asking for the same output.</summary>
    private static Func<Task> ModelInferCall(GrpcChannel channel)
    {
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var request = new ModelInferRequest { ModelName = "seg-dnn", RawInputContents = { ImageBytes() } };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "FP32", Shape = { 1, 1, Size, Size } });
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probability" });
        return async () => await client.ModelInferAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
    }

    private static ByteString ImageBytes() => ByteString.CopyFrom(MemoryMarshal.AsBytes(Images(1).AsSpan()));

    /// <summary>Client throughput, latency and failed calls, and from the server's metrics its ONNX Runtime time per image and
    /// mean batch. With <paramref name="inProcess"/>, the time is cut into four slices, each after an equal slice of the
    /// in-process batch, whose images per second are returned too (NaN without it).</summary>
    private static (double ImagesPerSecond, double P50, double P95, double P99, int Errors, double ServerMs, double MeanBatch, double InProcess) GrpcConcurrentClients(
        BenchmarkServer server, Func<int, Func<Task>> call, int clients, double seconds, InProcessOnnx? inProcess)
    {
        Calls(call, clients, Math.Max(2, seconds / 2)); // warm-up: connections, buffers, ONNX Runtime's first runs
        var slices = inProcess is null ? 1 : 4;
        var (inProcessImages, inProcessSeconds, elapsed, errors) = (0, 0.0, 0.0, 0);
        var latencies = new List<double>();
        var before = server.ComputeTotals();
        for (var slice = 0; slice < slices; slice++)
        {
            if (inProcess is not null)
            {
                var (images, time) = inProcess.Run(seconds / slices);
                (inProcessImages, inProcessSeconds) = (inProcessImages + images, inProcessSeconds + time);
                Thread.Sleep(Settle);
            }
            var clock = Stopwatch.StartNew();
            var (sliceLatencies, sliceErrors) = Calls(call, clients, seconds / slices);
            (elapsed, errors) = (elapsed + clock.Elapsed.TotalSeconds, errors + sliceErrors);
            latencies.AddRange(sliceLatencies);
            Thread.Sleep(Settle);
        }
        var after = server.ComputeTotals(); // includes the in-process slices' time, but the server is idle then
        var (computeSeconds, samples, batches) = (after.ComputeSeconds - before.ComputeSeconds, after.Samples - before.Samples, after.Batches - before.Batches);
        latencies.Sort();
        double At(double percent) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * percent))];
        return (latencies.Count / elapsed, At(0.5), At(0.95), At(0.99), errors, computeSeconds / samples * 1000, samples / batches,
            inProcess is null ? double.NaN : inProcessImages / inProcessSeconds);
    }

    /// <summary>Each client c makes its call, call(c), in a loop for the given time; returns the successful calls' latencies
    /// in ms, sorted, and the failures.</summary>
    private static (double[] Latencies, int Errors) Calls(Func<int, Func<Task>> call, int clients, double seconds)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        Task.WaitAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = [];
            var callOfClient = call(c);
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await callOfClient();
                    latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Grpc.Core.RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        return ([.. latencies.SelectMany(l => l).Order()], errors);
    }
}
