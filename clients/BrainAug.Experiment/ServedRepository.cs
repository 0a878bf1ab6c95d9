using BrainAug.Protos.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace BrainAug.Experiment;

/// <summary>
/// brainaug-server serving the run's model repository on a loopback port the system chose, for the augmentation and evaluation
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
        // Port 0: the system gives the server a free port, which it writes to the port file once it listens
        // (probing for a free port first raced with other processes taking it).
        var portFile = Path.ChangeExtension(log, ".port");
        File.Delete(portFile);
        var server = ToolRun.Start(tools.Server,
            ["--repository", repository, "--port", "0", "--port-file", portFile, "--metrics-port", "0", "--poll-seconds", "1"],
            log, echo: false);
        ServedRepository? served = null;
        try
        {
            served = new ServedRepository(server, await BoundPortAsync(server, portFile, log), log);
            await served.WaitUntilServingAsync();
            return served;
        }
        catch
        {
            if (served is not null) served.Dispose();
            else server.Dispose();
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
            if (_server.HasExited) throw new StageFailedException($"{Tail(Log)}\nbrainaug-server stopped; see {Log}");
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
        throw new StageFailedException($"{Tail(Log)}\nbrainaug-server did not start serving within {StartTimeout.TotalSeconds:F0} s; see {Log}");
    }

    private static string Tail(string log) => string.Join('\n', File.ReadLines(log).TakeLast(20));

    /// <summary>The port the server wrote once it listened.</summary>
    private static async Task<int> BoundPortAsync(ToolRun server, string portFile, string log)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(portFile) && int.TryParse(File.ReadAllText(portFile).Trim(), out var port)) return port;
            if (server.HasExited) throw new StageFailedException($"{Tail(log)}\nbrainaug-server stopped; see {log}");
            await Task.Delay(100);
        }
        throw new StageFailedException($"{Tail(log)}\nbrainaug-server did not listen within {StartTimeout.TotalSeconds:F0} s; see {log}");
    }
}
