using System.Diagnostics;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
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
/// Synthetic pairs per second at the cpu preset's sizes (tumour generator 64x64, nz 100; brain generator 64x64,
/// label + outline): both graphs in process with ONNX Runtime, against GeneratePairs through brainaug-server.
/// </summary>
public static class GenerationBenchmark
{
    private const int Size = 64, Noise = 100, Batch = 8;

    public static void Run(BenchmarkReport report, bool quick)
    {
        var seconds = quick ? 1.0 : 4.0;
        manual_seed(1);
        using var tumour = new DcganGenerator(Noise, Size, 16, 1);
        using var brain = new Pix2PixGenerator(2, 1, 6, 16);
        tumour.eval();
        brain.eval();
        var tumourOnnx = NetworkGraphs.DcganGenerator(tumour, Noise, 1, Size).ToByteArray();
        var brainOnnx = NetworkGraphs.Pix2PixGenerator(brain, 2, 1, Size).ToByteArray();
        var repository = Directory.CreateTempSubdirectory("brainaug-benchmark-generators-").FullName;
        long[] image = [-1, 1, Size, Size];
        var tumourConfig = new TumourConfig { Data = "none", Out = "none", Size = Size, NoiseSize = Noise };
        var brainConfig = new BrainConfig { Data = "none", Out = "none", Size = Size, Condition = BrainCondition.LabelOutline };
        BenchmarkModels.Publish(repository, "tumour-generator", tumourConfig, tumourOnnx, new TensorSpec("noise", "float32", [-1, Noise, 1, 1], "", "benchmark input"),
            [new TensorSpec("label_map", "float32", image, "[-1, 1]", "")]);
        BenchmarkModels.Publish(repository, "brain-generator", brainConfig, brainOnnx, new TensorSpec("condition", "float32", [-1, 2, Size, Size], "", "benchmark input"),
            [new TensorSpec("image", "float32", image, "[-1, 1]", "")]);

        var inProcess = InProcessPairsPerSecond(tumourOnnx, brainOnnx, seconds);
        report.Add("generation", "pairs (64x64), ONNX Runtime in process, batch 8", $"{inProcess:F1} pairs/s", "");
        using (var server = BenchmarkServer.Start(repository))
        {
            var streamed = StreamedPairsPerSecond(server, seconds);
            report.Add("generation", "pairs (64x64), GeneratePairs stream, chunks of 8", $"{streamed:F1} pairs/s", $"{streamed / inProcess:F2} of in process");
        }
        Directory.Delete(repository, recursive: true);
    }

    private static double InProcessPairsPerSecond(byte[] tumourOnnx, byte[] brainOnnx, double seconds)
    {
        using var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var tumour = new InferenceSession(tumourOnnx, options);
        using var brain = new InferenceSession(brainOnnx, options);
        var noise = Enumerable.Range(0, Batch * Noise).Select(i => (float)Math.Sin(i)).ToArray();
        var condition = new float[Batch * 2 * Size * Size];
        using var runOptions = new RunOptions();
        void Pair()
        {
            using var noiseValue = OrtValue.CreateTensorValueFromMemory(noise, [Batch, Noise, 1, 1]);
            using var maps = tumour.Run(runOptions, ["noise"], [noiseValue], ["label_map"]);
            var labels = maps[0].GetTensorDataAsSpan<float>();
            for (var i = 0; i < labels.Length; i++) condition[i / (Size * Size) * 2 * Size * Size + i % (Size * Size)] = labels[i] > 0 ? 1 : -1;
            using var conditionValue = OrtValue.CreateTensorValueFromMemory(condition, [Batch, 2, Size, Size]);
            using var images = brain.Run(runOptions, ["condition"], [conditionValue], ["image"]);
        }
        Pair();
        var clock = Stopwatch.StartNew();
        var pairs = 0;
        while (clock.Elapsed.TotalSeconds < seconds || pairs == 0)
        {
            Pair();
            pairs += Batch;
        }
        return pairs / clock.Elapsed.TotalSeconds;
    }

    private static double StreamedPairsPerSecond(BenchmarkServer server, double seconds)
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new Inference.InferenceClient(channel);
        var outline = new BrainAug.Protos.V1.Tensor { Dtype = DataType.Float32, Shape = { 1, 1, Size, Size } };
        outline.Data = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Enumerable.Repeat(1f, Size * Size).ToArray().AsSpan()));
        int Stream(int count)
        {
            using var call = client.GeneratePairs(new GeneratePairsRequest { Seed = 1, Count = count, ChunkSize = Batch, Outline = outline });
            var received = 0;
            while (call.ResponseStream.MoveNext(CancellationToken.None).GetAwaiter().GetResult()) received += (int)call.ResponseStream.Current.Image.Shape[0];
            return received;
        }
        Stream(64); // warm-up
        var clock = Stopwatch.StartNew();
        var pairs = 0;
        while (clock.Elapsed.TotalSeconds < seconds) pairs += Stream(256);
        return pairs / clock.Elapsed.TotalSeconds;
    }
}
