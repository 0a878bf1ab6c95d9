using BrainAug.Contracts.Models;

namespace BrainAug.InferenceServer.Configuration;

/// <summary>
/// Everything an operator can set, bound from the "Server" section of appsettings.json, then environment
/// variables (<c>BRAINAUG_Server__Port=6000</c>), then the command line (<c>--port 6000</c>); later sources win.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>The model repository written by brainaug-exporter.</summary>
    public string Repository { get; set; } = "models";

    /// <summary>Interface to bind; loopback unless the operator opens it up on purpose.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>gRPC port; 0 lets the system choose a free one, which is written to <see cref="PortFile"/>.</summary>
    public int Port { get; set; } = 50051;

    /// <summary>When set, the bound gRPC port is written there (as decimal text, atomically) once the server listens:
    /// a caller that starts the server on port 0 reads it instead of probing for a free port, which races.</summary>
    public string PortFile { get; set; } = "";

    /// <summary>Plain HTTP/1.1 port for Prometheus' /metrics; 0 turns metrics off.</summary>
    public int MetricsPort { get; set; } = 9108;

    /// <summary>PEM certificate (with TlsKey) or PKCS#12 file; empty serves plain-text HTTP/2.</summary>
    public string TlsCertificate { get; set; } = "";

    public string TlsKey { get; set; } = "";

    public string TlsPassword { get; set; } = "";

    /// <summary>When set, every call except health checks must carry "authorization: Bearer &lt;token&gt;".</summary>
    public string Token { get; set; } = "";

    /// <summary>Whether clients on this machine may register system shared-memory regions (the Open Inference
    /// Protocol's extension) and pass tensors through them; off by default, as in Triton, since the server then opens
    /// files in /dev/shm that clients name.</summary>
    public bool AllowSharedMemory { get; set; }

    /// <summary>"auto" (CUDA when it loads, else CPU), "cpu" or "cuda" (fail when CUDA is unavailable).</summary>
    public string Provider { get; set; } = "auto";

    /// <summary>ONNX Runtime intra-op threads; 0 means one per core (ONNX Runtime's own 0 meant one thread here).</summary>
    public int Threads { get; set; }

    /// <summary>Most samples one model runs together; concurrent requests are merged up to this.</summary>
    public int MaxBatchSize { get; set; } = DynamicBatching.MaxBatchSize;

    /// <summary>How long the first request of a batch waits for others to join it while callers are concurrent
    /// (a lone caller's requests run at once).</summary>
    public double MaxQueueDelayMs { get; set; } = DynamicBatching.MaxQueueDelayMs;

    /// <summary>Requests waiting per model version before new ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxQueuedRequests { get; set; } = 1024;

    /// <summary>Most samples in one GenerateTumour, GenerateBrain or Segment call.</summary>
    public int MaxGenerateCount { get; set; } = 256;

    /// <summary>Most pairs in one GeneratePairs stream.</summary>
    public int MaxStreamCount { get; set; } = 1_000_000;

    /// <summary>Largest request and response message, in MiB.</summary>
    public int MaxMessageMiB { get; set; } = 64;

    /// <summary>How often the repository is rescanned for new, changed or removed versions.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>How long shutdown waits for in-flight calls to finish.</summary>
    public double ShutdownSeconds { get; set; } = 30;

    /// <summary>Checks the values; returns one message per problem.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Repository)) yield return "--repository must name the model repository folder";
        if (Port is < 0 or > 65535) yield return $"--port {Port} is not a TCP port (1..65535, or 0 for a free one)";
        if (MetricsPort is < 0 or > 65535) yield return $"--metrics-port {MetricsPort} is not a TCP port (0 turns metrics off)";
        if (MetricsPort == Port && Port != 0) yield return $"--metrics-port must differ from --port ({Port})";
        if (!System.Net.IPAddress.TryParse(Address, out _)) yield return $"--address '{Address}' is not an IP address (use 0.0.0.0 for every interface)";
        if (Provider is not ("auto" or "cpu" or "cuda")) yield return $"--provider '{Provider}' must be auto, cpu or cuda";
        if (Threads < 0) yield return "--threads must be >= 0 (0: one per core)";
        if (MaxBatchSize is < 1 or > 1024) yield return $"--max-batch-size {MaxBatchSize} must lie in 1..1024";
        if (MaxQueueDelayMs is < 0 or > 1000) yield return $"--max-queue-delay-ms {MaxQueueDelayMs} must lie in 0..1000";
        if (MaxQueuedRequests < 1) yield return "--max-queued-requests must be >= 1";
        if (MaxGenerateCount < 1) yield return "--max-generate-count must be >= 1";
        if (MaxStreamCount < 1) yield return "--max-stream-count must be >= 1";
        if (MaxMessageMiB is < 1 or > 1024) yield return $"--max-message-mib {MaxMessageMiB} must lie in 1..1024";
        if (PollSeconds is < 0.05 or > 3600) yield return $"--poll-seconds {PollSeconds} must lie in 0.05..3600";
        if (ShutdownSeconds is < 0 or > 3600) yield return $"--shutdown-seconds {ShutdownSeconds} must lie in 0..3600";
        if (TlsKey.Length > 0 && TlsCertificate.Length == 0) yield return "--tls-key needs --tls-certificate";
        if (TlsCertificate.Length > 0 && !File.Exists(TlsCertificate)) yield return $"--tls-certificate {TlsCertificate} does not exist";
        if (TlsKey.Length > 0 && !File.Exists(TlsKey)) yield return $"--tls-key {TlsKey} does not exist";
    }

    public int MaxMessageBytes => MaxMessageMiB * 1024 * 1024;

    /// <summary>Most samples per call: MaxGenerateCount, lowered so that the response fits one message
    /// (4 KiB left for the message's other fields).</summary>
    public int MaxSamplesPerCall(long responseBytesPerSample) =>
        (int)Math.Max(1, Math.Min(MaxGenerateCount, (MaxMessageBytes - 4096) / Math.Max(1, responseBytesPerSample)));

    public int IntraOpThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
