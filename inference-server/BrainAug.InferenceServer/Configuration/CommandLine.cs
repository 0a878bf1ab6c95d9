using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;

namespace BrainAug.InferenceServer.Configuration;

/// <summary>
/// The server's command line (System.CommandLine, like the other tools): one option per <see cref="ServerOptions"/>
/// property, mapped onto configuration keys so that the command line wins over the environment and appsettings.json.
/// Each default is written once, in <see cref="ServerOptions"/>, and --help shows it from there. Unknown options are
/// refused rather than ignored, so a typo never silently runs with a default.
/// </summary>
public static class CommandLine
{
    private static readonly (string Switch, string Property, string Help)[] Switches =
    [
        ("--repository", nameof(ServerOptions.Repository), "model repository written by brainaug-exporter"),
        ("--address", nameof(ServerOptions.Address), "IP address to bind (0.0.0.0 for every interface)"),
        ("--port", nameof(ServerOptions.Port), "gRPC port; 0 takes a free port chosen by the system (see --port-file)"),
        ("--port-file", nameof(ServerOptions.PortFile), "file the bound gRPC port is written to once the server listens (for --port 0)"),
        ("--metrics-port", nameof(ServerOptions.MetricsPort), "HTTP port of Prometheus /metrics, 0 turns it off"),
        ("--tls-certificate", nameof(ServerOptions.TlsCertificate), "PEM certificate (with --tls-key) or PKCS#12 file; serves TLS"),
        ("--tls-key", nameof(ServerOptions.TlsKey), "PEM private key of --tls-certificate"),
        ("--tls-password", nameof(ServerOptions.TlsPassword), "password of the PKCS#12 file"),
        ("--token", nameof(ServerOptions.Token), "bearer token every call must carry (health checks excepted)"),
        ("--allow-shared-memory", nameof(ServerOptions.AllowSharedMemory), "true lets clients on this machine pass Open Inference Protocol tensors through /dev/shm regions they register"),
        ("--provider", nameof(ServerOptions.Provider), "auto | cpu | cuda (auto: CUDA when it loads)"),
        ("--threads", nameof(ServerOptions.Threads), "ONNX Runtime threads per model, 0 = one per core"),
        ("--max-batch-size", nameof(ServerOptions.MaxBatchSize), "most samples run together per model"),
        ("--max-queue-delay-ms", nameof(ServerOptions.MaxQueueDelayMs), "how long a batch waits for more requests while callers are concurrent (a lone caller never waits)"),
        ("--max-queued-requests", nameof(ServerOptions.MaxQueuedRequests), "queued requests per model before RESOURCE_EXHAUSTED"),
        ("--max-generate-count", nameof(ServerOptions.MaxGenerateCount), "most samples in one unary call"),
        ("--max-stream-count", nameof(ServerOptions.MaxStreamCount), "most pairs in one GeneratePairs stream"),
        ("--max-message-mib", nameof(ServerOptions.MaxMessageMiB), "largest request/response message in MiB"),
        ("--poll-seconds", nameof(ServerOptions.PollSeconds), "repository rescan interval"),
        ("--shutdown-seconds", nameof(ServerOptions.ShutdownSeconds), "how long shutdown waits for in-flight calls"),
    ];

    private const string Description =
        "brainaug-server: serves a BrainAug model repository over gRPC (brainaug.v1.Inference) on ONNX Runtime.\n\n" +
        "Every option can also be set in appsettings.json (section \"Server\", e.g. \"Port\": 6000) or in the environment " +
        "(BRAINAUG_Server__Port=6000); the command line wins over the environment, which wins over appsettings.json.\n\n" +
        "Also served: grpc.health.v1.Health (NOT_SERVING until a model is loaded), server reflection, and Prometheus metrics at " +
        "http://<address>:<metrics-port>/metrics. New model versions are picked up without a restart; SIGTERM or Ctrl+C drains " +
        "in-flight calls before exiting.";

    /// <summary>The parsed command line: configuration keys to override, problems (unknown or valueless options), or
    /// a request for help or the version (then <see cref="ShowInformation"/> prints it and the server does not start).</summary>
    public sealed record Parsed(Dictionary<string, string?> Values, List<string> Problems, ParseResult Result)
    {
        public bool WantsInformation => Result.Action is HelpAction || Result.Action == Result.RootCommandResult.Command.Options.OfType<VersionOption>().Single().Action;

        public void ShowInformation() => Result.Invoke();
    }

    public static Parsed Parse(string[] args)
    {
        var defaults = new ServerOptions();
        var options = Switches.ToDictionary(s => s.Switch, s => new Option<string?>(s.Switch) { Description = $"{s.Help} (default: {Default(defaults, s.Property)})" });
        var root = new RootCommand(Description) { TreatUnmatchedTokensAsErrors = false };
        foreach (var option in options.Values) root.Options.Add(option);
        var result = root.Parse(args);

        // The first unmatched token is the unknown option; the rest are usually its value.
        var problems = result.UnmatchedTokens.Take(1).Select(token => $"unknown option '{token}' (see --help)").ToList();
        problems.AddRange(result.Errors.Select(error => error.SymbolResult is System.CommandLine.Parsing.OptionResult { Tokens.Count: 0 } missing
            ? $"option {missing.Option.Name} needs a value" : error.Message));
        var values = new Dictionary<string, string?>();
        foreach (var (name, property, _) in Switches)
            if (result.GetResult(options[name]) is { Implicit: false } given && given.Tokens.Count > 0)
                values[$"{ServerOptions.Section}:{property}"] = given.Tokens[0].Value;
        return new Parsed(values, problems, result);
    }

    private static string Default(ServerOptions defaults, string property) => typeof(ServerOptions).GetProperty(property)!.GetValue(defaults) switch
    {
        bool flag => flag ? "true" : "false",
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) is { Length: > 0 } value ? value : "none",
    };
}
