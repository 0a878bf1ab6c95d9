using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using BrainAug.Exporter.Onnx;
using BrainAug.Exporter.Repository;
using BrainAug.Networks;
using BrainAug.Protos.V1;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace BrainAug.Benchmarks;

/// <summary>
/// Seg-DNN inference (U-Net base 16, 240x240, the same random weights everywhere) measured side by side:
/// ONNX Runtime in process, the same graph through brainaug-server over loopback, and TorchSharp eager.
/// </summary>
public static class InferenceBenchmark
{
    private const int Size = 240, BaseWidth = 16;

    public static void Run(double ceilingGflops, bool quick)
    {
        var seconds = quick ? 1.0 : 4.0;
        var gflopPerImage = UNetFlops.Forward(1, 1, BaseWidth, 4, Size) / 1e9;
        manual_seed(1);
        using var network = new UNet(1, 1, BaseWidth, 4);
        network.eval();
        var onnx = NetworkGraphs.UNet(network, 1, 1, Size).ToByteArray();
        var repository = Directory.CreateTempSubdirectory("brainaug-benchmark-models-").FullName;
        Publish(repository, onnx);

        var ort1 = OnnxRuntimeImagesPerSecond(onnx, 1, seconds);
        var ort8 = OnnxRuntimeImagesPerSecond(onnx, 8, seconds);
        var torch8 = TorchImagesPerSecond(network, 8, seconds);
        var grpc1 = GrpcConcurrentClients(repository, 1, seconds);
        var grpc16 = GrpcConcurrentClients(repository, 16, seconds);
        Directory.Delete(repository, recursive: true);

        Console.WriteLine($"{"Seg-DNN inference 240x240 base 16",-44} {"img/s",8} {"GFLOP/s",8} {"ratio",-30}");
        Row("ONNX Runtime in process, batch 1", ort1, gflopPerImage, $"{ort1 * gflopPerImage / ceilingGflops:F2} of ceiling");
        Row("ONNX Runtime in process, batch 8", ort8, gflopPerImage, $"{ort8 * gflopPerImage / ceilingGflops:F2} of ceiling (target >= 0.8)");
        Row("TorchSharp eager, batch 8", torch8, gflopPerImage, $"ORT b8 / this = {ort8 / torch8:F2} (target >= 2)");
        Row("gRPC loopback, 1 client, batch 1", grpc1.ImagesPerSecond, gflopPerImage,
            $"{grpc1.ImagesPerSecond / ort1:F2} of ORT b1; p50 {grpc1.P50:F1} ms, p99 {grpc1.P99:F1} ms; server ORT {grpc1.ServerMs:F1} ms/img");
        Row("gRPC loopback, 16 clients x 1 image", grpc16.ImagesPerSecond, gflopPerImage,
            $"{grpc16.ImagesPerSecond / ort8:F2} of ORT b8 (target >= 0.85); p50 {grpc16.P50:F1} ms, p99 {grpc16.P99:F1} ms; server ORT {grpc16.ServerMs:F1} ms/img, mean batch {grpc16.MeanBatch:F1}");
    }

    private static void Row(string name, double imagesPerSecond, double gflopPerImage, string ratio) =>
        Console.WriteLine($"{name,-44} {imagesPerSecond,8:F1} {imagesPerSecond * gflopPerImage,8:F1} {ratio}");

    private static void Publish(string repository, byte[] onnx)
    {
        long[] shape = [-1, 1, Size, Size];
        ModelRepository.Publish(repository, new BrainAug.Exporter.Repository.ModelMetadata
        {
            Model = "seg-dnn", Version = 1, Network = nameof(UNet),
            Inputs = [new TensorSpec("image", "float32", shape, "[0, 1]", "benchmark input")],
            Outputs = [new TensorSpec("logits", "float32", shape, "real", ""), new TensorSpec("probability", "float32", shape, "[0, 1]", "")],
            Normalisation = "benchmark: random weights", LabelConvention = "", TrainingRun = "none (random weights, seed 1)", WeightsFile = "",
            TrainingConfig = new { }, DatasetFingerprint = "unavailable", Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(onnx)),
            ParityMaxRelativeDifference = 0, ExportCommand = "brainaug-benchmarks",
        }, onnx, 64);
    }

    private static float[] Images(int count)
    {
        var values = new float[count * Size * Size];
        for (var i = 0; i < values.Length; i++) values[i] = (i % 251) / 251f;
        return values;
    }

    private static double OnnxRuntimeImagesPerSecond(byte[] onnx, int batch, double seconds)
    {
        using var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(onnx, options);
        var images = Images(batch);
        using var input = OrtValue.CreateTensorValueFromMemory(images, [batch, 1, Size, Size]);
        using var runOptions = new RunOptions();
        return Repeat(batch, seconds, () =>
        {
            using var outputs = session.Run(runOptions, ["image"], [input], ["probability"]);
        });
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
    private static double Repeat(int batch, double seconds, Action run)
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

    /// <summary>Client throughput and latency, and from the server's metrics its ONNX Runtime time per image and mean batch.</summary>
    private static (double ImagesPerSecond, double P50, double P99, double ServerMs, double MeanBatch) GrpcConcurrentClients(string repository, int clients, double seconds)
    {
        using var server = BenchmarkServer.Start(repository);
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
        var client = new Inference.InferenceClient(channel);
        var request = new SegmentRequest { Image = new BrainAug.Protos.V1.Tensor { Dtype = DataType.Float32, Shape = { 1, 1, Size, Size }, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(Images(1).AsSpan())) } };
        // Warm-up long enough for both processes' tiered JIT to settle (it competes for the same cores).
        Calls(client, request, clients, Math.Max(2, seconds / 2));
        var before = server.ComputeTotals();
        var clock = Stopwatch.StartNew();
        var latencies = Calls(client, request, clients, seconds);
        var elapsed = clock.Elapsed.TotalSeconds;
        var after = server.ComputeTotals();
        var (computeSeconds, samples, batches) = (after.ComputeSeconds - before.ComputeSeconds, after.Samples - before.Samples, after.Batches - before.Batches);
        return (latencies.Length / elapsed, latencies[latencies.Length / 2], latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.99))],
            computeSeconds / samples * 1000, samples / batches);
    }

    /// <summary>Each client calls Segment in a loop for the given time; returns every call's latency in ms, sorted.</summary>
    private static double[] Calls(Inference.InferenceClient client, SegmentRequest request, int clients, double seconds)
    {
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        Task.WaitAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = [];
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var started = Stopwatch.GetTimestamp();
                await client.SegmentAsync(request);
                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return [.. latencies.SelectMany(l => l).Order()];
    }

    /// <summary>brainaug-server on a free loopback port, batching up to 8 with a 2 ms queue delay.</summary>
    private sealed class BenchmarkServer : IDisposable
    {
        private readonly Process _process;

        private readonly int _metricsPort;

        private BenchmarkServer(Process process, int port, int metricsPort) =>
            (_process, Address, _metricsPort) = (process, $"http://127.0.0.1:{port}", metricsPort);

        public string Address { get; }

        /// <summary>Seconds in ONNX Runtime, samples and batches so far, from /metrics.</summary>
        public (double ComputeSeconds, double Samples, double Batches) ComputeTotals()
        {
            using var http = new HttpClient();
            var lines = http.GetStringAsync($"http://127.0.0.1:{_metricsPort}/metrics").GetAwaiter().GetResult().Split('\n');
            double Value(string prefix) => double.Parse(lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            return (Value("brainaug_compute_seconds_sum{"), Value("brainaug_samples_total{"), Value("brainaug_batch_size_count{"));
        }

        public static BenchmarkServer Start(string repository)
        {
            var (port, metricsPort) = (FreePort(), FreePort());
            var start = new ProcessStartInfo("timeout") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "600", "dotnet", ServerDll(), "--repository", repository, "--port", $"{port}", "--metrics-port", $"{metricsPort}",
                         "--max-batch-size", "8", "--max-queue-delay-ms", "2" })
                start.ArgumentList.Add(argument);
            var server = new BenchmarkServer(Process.Start(start)!, port, metricsPort);
            server._process.OutputDataReceived += (_, _) => { };
            server._process.ErrorDataReceived += (_, _) => { };
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            server.WaitUntilServing();
            return server;
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }

        private void WaitUntilServing()
        {
            using var channel = GrpcChannel.ForAddress(Address);
            var client = new Inference.InferenceClient(channel);
            for (var attempt = 0; attempt < 300; attempt++)
            {
                try
                {
                    if (client.ListModels(new ListModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(2)).Models.Count > 0) return;
                }
                catch (Grpc.Core.RpcException)
                {
                }
                Thread.Sleep(100);
            }
            throw new InvalidOperationException("brainaug-server did not start in 30 s");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string ServerDll()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var dll = Path.Combine(directory.FullName, "inference-server", "BrainAug.InferenceServer", "bin", "Release", "net10.0", "brainaug-server.dll");
                if (File.Exists(dll)) return dll;
            }
            throw new FileNotFoundException("brainaug-server.dll not found: build inference-server in Release first");
        }
    }
}
