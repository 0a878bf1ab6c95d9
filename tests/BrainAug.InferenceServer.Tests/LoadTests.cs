using System.Diagnostics;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace BrainAug.InferenceServer.Tests;

/// <summary>
/// A bounded load test on loopback: 64 clients, each on its own connection, alternate Segment and GenerateTumour
/// for a fixed time (5 s in the suite; BRAINAUG_LOAD_SECONDS=60 for the long mode) and at most 20,000 calls
/// each. No call may fail, and the server's memory may grow less than 15 % from the end of the warm-up.
/// </summary>
[Trait("Category", "Slow")]
[Collection(ServerCollection.Name)]
public class LoadTests(ModelsFixture models, ITestOutputHelper output)
{
    private const int Clients = 64;
    private const int MaxCallsPerClient = 20_000;

    [Fact]
    public async Task SixtyFourClients_NoErrors_BoundedMemory()
    {
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("BRAINAUG_LOAD_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 5;
        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true), ["--max-queue-delay-ms", "2"]);
        var channels = Enumerable.Range(0, Clients).Select(_ => GrpcChannel.ForAddress(server.Address)).ToList();
        try
        {
            await Drive(channels, TimeSpan.FromSeconds(3)); // warm-up: JIT, connection buffers, GC heaps, ONNX Runtime arenas
            var memoryBefore = server.ResidentBytes();

            var result = await Drive(channels, TimeSpan.FromSeconds(seconds));

            var memoryAfter = server.ResidentBytes();
            var growth = (double)memoryAfter / memoryBefore - 1;
            var latencies = result.Latencies.Order().ToArray();
            output.WriteLine($"{Clients} clients, {seconds:F0} s: {latencies.Length} calls, {latencies.Length / result.Seconds:F0} calls/s, " +
                             $"p50 {Percentile(latencies, 50):F1} ms, p95 {Percentile(latencies, 95):F1} ms, p99 {Percentile(latencies, 99):F1} ms, " +
                             $"errors {result.Errors.Count}, server memory {memoryBefore >> 20} -> {memoryAfter >> 20} MiB ({growth:+0.0%;-0.0%})");
            Assert.True(result.Errors.IsEmpty, $"{result.Errors.Count} calls failed, first: {result.Errors.FirstOrDefault()}");
            Assert.True(latencies.Length >= Clients, "the clients made fewer calls than there are clients");
            Assert.True(growth < 0.15, $"server memory grew {growth:P1}");
        }
        finally
        {
            foreach (var channel in channels) channel.Dispose();
        }
    }

    private static async Task<(System.Collections.Concurrent.ConcurrentBag<double> Latencies, System.Collections.Concurrent.ConcurrentBag<string> Errors, double Seconds)> Drive(
        List<GrpcChannel> channels, TimeSpan duration)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var image = new SegmentRequest { Image = Tensors.Images(1), Threshold = 0.5f };
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(channels.Select((channel, c) => Task.Run(async () =>
        {
            var client = new Inference.InferenceClient(channel);
            for (var call = 0; call < MaxCallsPerClient && clock.Elapsed < duration; call++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (call % 2 == 0) await client.SegmentAsync(image, deadline: DateTime.UtcNow.AddSeconds(30));
                    else await client.GenerateTumourAsync(new GenerateTumourRequest { Seed = (ulong)c, StartIndex = (ulong)call, Count = 4 }, deadline: DateTime.UtcNow.AddSeconds(30));
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Grpc.Core.RpcException e)
                {
                    errors.Add($"{e.StatusCode}: {e.Status.Detail}");
                }
            }
        })));
        return (latencies, errors, clock.Elapsed.TotalSeconds);
    }

    private static double Percentile(double[] sorted, double percent) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * percent / 100))];
}
