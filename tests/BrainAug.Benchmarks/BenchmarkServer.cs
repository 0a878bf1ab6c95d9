using System.Net;
using System.Net.Sockets;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Grpc.Net.Client;

namespace BrainAug.Benchmarks;

/// <summary>brainaug-server on free loopback ports (batching up to 8, 2 ms queue delay, shared memory allowed), stopped on dispose.</summary>
public sealed class BenchmarkServer : IDisposable
{
    private readonly RunningProcess _process;
    private readonly int _metricsPort;

    private BenchmarkServer(RunningProcess process, int port, int metricsPort) =>
        (_process, Address, _metricsPort) = (process, $"http://127.0.0.1:{port}", metricsPort);

    public string Address { get; }

    public static BenchmarkServer Start(string repository)
    {
        var (port, metricsPort) = (FreePort(), FreePort());
        var start = ProcessRunner.Command("timeout", ["900", "dotnet", ServerDll(), "--repository", repository, "--port", $"{port}",
            "--metrics-port", $"{metricsPort}", "--max-batch-size", "8", "--max-queue-delay-ms", "2", "--allow-shared-memory", "true"]);
        var server = new BenchmarkServer(RunningProcess.Start(start), port, metricsPort);
        server.WaitUntilServing();
        return server;
    }

    /// <summary>Seconds in ONNX Runtime, samples and batches so far, from /metrics.</summary>
    public (double ComputeSeconds, double Samples, double Batches) ComputeTotals()
    {
        using var http = new HttpClient();
        var lines = http.GetStringAsync($"http://127.0.0.1:{_metricsPort}/metrics").GetAwaiter().GetResult().Split('\n');
        double Sum(string prefix) => lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        return (Sum("brainaug_compute_seconds_sum{"), Sum("brainaug_samples_total{"), Sum("brainaug_batch_size_count{"));
    }

    /// <summary>Resident memory of the server process itself (not of its `timeout` wrapper).</summary>
    public long ResidentBytes()
    {
        var child = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Single();
        var line = File.ReadAllLines($"/proc/{child}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose()
    {
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
