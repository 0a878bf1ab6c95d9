using System.Net;
using System.Net.Sockets;
using BrainAug.Protos.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace BrainAug.Experiment;

/// <summary>
/// brainaug-server serving the run's model repository on a free loopback port, for the augmentation and evaluation
/// stages. Readiness is asked of the server itself (grpc.health.v1, then ListModels), never read from its log.
/// Stopped on dispose.
/// </summary>
public sealed class ServedRepository : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ToolRun _server;
    private readonly GrpcChannel _channel;

    private ServedRepository(ToolRun server, int port, string log)
    {
        _server = server;
        Endpoint = $"http://127.0.0.1:{port}";
        Log = log;
        _channel = GrpcChannel.ForAddress(Endpoint);
    }

    public string Endpoint { get; }

    public string Log { get; }

    public static async Task<ServedRepository> StartAsync(Tools tools, string repository, string log)
    {
        var port = FreeLoopbackPort();
        var server = ToolRun.Start(tools.Server,
            ["--repository", repository, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--metrics-port", "0", "--poll-seconds", "1"],
            log, echo: false);
        var served = new ServedRepository(server, port, log);
        try
        {
            await served.WaitUntilServingAsync();
            return served;
        }
        catch
        {
            served.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the server lists every one of <paramref name="models"/> (it loads new versions within its
    /// poll interval).</summary>
    public async Task WaitForModelsAsync(IReadOnlyCollection<string> models)
    {
        var client = new Inference.InferenceClient(_channel);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var listing = await client.ListModelsAsync(new ListModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
            var missing = models.Except(listing.Models.Select(m => m.Name)).ToList();
            if (missing.Count == 0) return;
            if (DateTime.UtcNow > deadline)
                throw new StageFailedException($"brainaug-server did not load {string.Join(", ", missing)} within {StartTimeout.TotalSeconds:F0} s; see {Log}");
            await Task.Delay(500);
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        _server.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(_channel);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited) throw new StageFailedException($"{Tail()}\nbrainaug-server stopped; see {Log}");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new StageFailedException($"{Tail()}\nbrainaug-server did not start serving within {StartTimeout.TotalSeconds:F0} s; see {Log}");
    }

    private string Tail() => string.Join('\n', File.ReadLines(Log).TakeLast(20));

    /// <summary>A port the kernel has just handed out and released: free unless another process takes it in the
    /// moment before the server binds it.</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
