using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using BrainAug.Protos.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace BrainAug.TestSupport;

/// <summary>
/// The real brainaug-server executable on free loopback ports. It runs under coreutils `timeout`, so a server
/// whose test crashed still stops by itself after 10 minutes.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly RunningProcess _process;
    private GrpcChannel? _channel;

    private readonly X509Certificate2? _trust;

    private ServerProcess(RunningProcess process, string repository, int port, int metricsPort, string scheme, X509Certificate2? trust) =>
        (_process, Repository, Port, MetricsPort, Scheme, _trust) = (process, repository, port, metricsPort, scheme, trust);

    /// <summary>The model repository it serves.</summary>
    public string Repository { get; }

    public int Port { get; }

    public int MetricsPort { get; }

    public string Scheme { get; }

    public string Address => $"{Scheme}://127.0.0.1:{Port}";

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server on <paramref name="repository"/> and waits until it answers health checks
    /// (and, unless told otherwise, until it is SERVING).</summary>
    public static async Task<ServerProcess> StartAsync(string repository, string[]? options = null, bool waitForServing = true, string scheme = "http", X509Certificate2? trust = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (port, metricsPort) = (FreePort(), FreePort());
        var start = ProcessRunner.Command("timeout",
            ["600", "dotnet", Tools.Server, "--repository", repository, "--port", $"{port}", "--metrics-port", $"{metricsPort}", "--poll-seconds", "0.2", .. options ?? []],
            environment);
        var server = new ServerProcess(RunningProcess.Start(start), repository, port, metricsPort, scheme, trust);
        await server.WaitForHealthAsync(waitForServing ? HealthCheckResponse.Types.ServingStatus.Serving : null, TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>The test's channel to the server (trusting its test certificate under TLS).</summary>
    public GrpcChannel Channel() => _channel ??= GrpcChannel.ForAddress(Address, new GrpcChannelOptions
    {
        HttpHandler = _trust is null ? null : new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _trust.GetCertHashString() },
        },
        MaxReceiveMessageSize = 64 << 20,
        MaxSendMessageSize = 64 << 20,
    });

    public Inference.InferenceClient Client() => new(Channel());

    /// <summary>The Open Inference Protocol's service on the same port.</summary>
    public BrainAug.Protos.Inference.GRPCInferenceService.GRPCInferenceServiceClient OpenInference() => new(Channel());

    public Health.HealthClient HealthClient() => new(Channel());

    public async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(string service = "") =>
        (await HealthClient().CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(5))).Status;

    /// <summary>Polls health until <paramref name="wanted"/> (or any answer when null).</summary>
    public async Task WaitForHealthAsync(HealthCheckResponse.Types.ServingStatus? wanted, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"the server exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                var status = await HealthAsync();
                if (wanted is null || status == wanted) return;
            }
            catch (RpcException) when (stopwatch.Elapsed < timeout)
            {
            }
            Assert.True(stopwatch.Elapsed < timeout, $"the server did not reach {wanted?.ToString() ?? "any health answer"} in {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The Prometheus text from /metrics.</summary>
    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");
    }

    /// <summary>Resident set size of the server process (not of the `timeout` wrapper), from /proc.</summary>
    public long ResidentBytes()
    {
        var status = File.ReadAllLines($"/proc/{ServerPid()}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Sends SIGTERM: graceful shutdown.</summary>
    public void Terminate() => Assert.Equal(0, Kill(ServerPid(), SigTerm));

    /// <summary>SIGKILL: the server dies at once, with no chance to drain or clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private int ServerPid()
    {
        var children = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(children.Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
