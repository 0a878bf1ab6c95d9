using System.Text;

namespace BrainAug.InferenceServer.Configuration;

/// <summary>
/// The server's command line: <c>--option value</c> pairs mapped onto <see cref="ServerOptions"/>, plus --help.
/// Unknown options are refused rather than ignored, so a typo never silently runs with a default.
/// </summary>
public static class CommandLine
{
    private static readonly (string Switch, string Property, string Help)[] Switches =
    [
        ("--repository", nameof(ServerOptions.Repository), "model repository written by brainaug-exporter (default: models)"),
        ("--address", nameof(ServerOptions.Address), "IP address to bind (default: 127.0.0.1; 0.0.0.0 for every interface)"),
        ("--port", nameof(ServerOptions.Port), "gRPC port (default: 50051)"),
        ("--metrics-port", nameof(ServerOptions.MetricsPort), "HTTP port of Prometheus /metrics, 0 turns it off (default: 9108)"),
        ("--tls-certificate", nameof(ServerOptions.TlsCertificate), "PEM certificate (with --tls-key) or PKCS#12 file; serves TLS"),
        ("--tls-key", nameof(ServerOptions.TlsKey), "PEM private key of --tls-certificate"),
        ("--tls-password", nameof(ServerOptions.TlsPassword), "password of the PKCS#12 file"),
        ("--token", nameof(ServerOptions.Token), "bearer token every call must carry (health checks excepted)"),
        ("--provider", nameof(ServerOptions.Provider), "auto | cpu | cuda (default: auto, CUDA when it loads)"),
        ("--threads", nameof(ServerOptions.Threads), "ONNX Runtime threads per model, 0 = one per core (default: 0)"),
        ("--max-batch-size", nameof(ServerOptions.MaxBatchSize), "most samples run together per model (default: 16)"),
        ("--max-queue-delay-ms", nameof(ServerOptions.MaxQueueDelayMs), "how long a batch waits for more requests (default: 2)"),
        ("--max-queued-requests", nameof(ServerOptions.MaxQueuedRequests), "queued requests per model before RESOURCE_EXHAUSTED (default: 1024)"),
        ("--max-generate-count", nameof(ServerOptions.MaxGenerateCount), "most samples in one unary call (default: 256)"),
        ("--max-stream-count", nameof(ServerOptions.MaxStreamCount), "most pairs in one GeneratePairs stream (default: 1000000)"),
        ("--max-message-mib", nameof(ServerOptions.MaxMessageMiB), "largest request/response message in MiB (default: 64)"),
        ("--poll-seconds", nameof(ServerOptions.PollSeconds), "repository rescan interval (default: 2)"),
        ("--shutdown-seconds", nameof(ServerOptions.ShutdownSeconds), "how long shutdown waits for in-flight calls (default: 30)"),
    ];

    public static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>Maps the switches to configuration keys; returns the problems found (unknown or valueless options).</summary>
    public static (Dictionary<string, string?> Values, List<string> Problems) Parse(string[] args)
    {
        var values = new Dictionary<string, string?>();
        var problems = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].Split('=', 2)[0];
            var entry = Switches.FirstOrDefault(s => s.Switch == name);
            if (entry.Switch is null)
            {
                problems.Add($"unknown option '{args[i]}' (see --help)");
                continue;
            }
            var value = args[i].Contains('=') ? args[i].Split('=', 2)[1] : i + 1 < args.Length ? args[++i] : null;
            if (value is null) problems.Add($"option {name} needs a value");
            else values[$"{ServerOptions.Section}:{entry.Property}"] = value;
        }
        return (values, problems);
    }

    public static string Help()
    {
        var text = new StringBuilder();
        text.AppendLine("brainaug-server: serves a BrainAug model repository over gRPC (brainaug.v1.Inference) on ONNX Runtime.");
        text.AppendLine();
        text.AppendLine("Usage: brainaug-server [options]");
        text.AppendLine();
        text.AppendLine("Options:");
        foreach (var (name, _, help) in Switches) text.AppendLine($"  {name,-22} {help}");
        text.AppendLine($"  {"--help",-22} show this help");
        text.AppendLine();
        text.AppendLine("Every option can also be set in appsettings.json (section \"Server\", e.g. \"Port\": 6000) or in the");
        text.AppendLine("environment (BRAINAUG_Server__Port=6000); the command line wins over the environment, which wins");
        text.AppendLine("over appsettings.json.");
        text.AppendLine();
        text.AppendLine("Also served: grpc.health.v1.Health (NOT_SERVING until a model is loaded), server reflection, and");
        text.AppendLine("Prometheus metrics at http://<address>:<metrics-port>/metrics. New model versions are picked up");
        text.AppendLine("without a restart; SIGTERM or Ctrl+C drains in-flight calls before exiting.");
        return text.ToString();
    }
}
