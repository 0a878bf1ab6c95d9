using Prometheus;

namespace BrainAug.InferenceServer.Services;

/// <summary>The Prometheus metrics the server exports at /metrics, labelled per model and version.</summary>
public sealed class ServerMetrics
{
    private static readonly double[] SecondsBuckets = Histogram.ExponentialBuckets(0.0005, 2, 16);

    public Counter Requests { get; } = Metrics.CreateCounter(
        "brainaug_requests_total", "Calls per rpc, model and version.", "rpc", "model", "version");

    public Counter Failures { get; } = Metrics.CreateCounter(
        "brainaug_request_failures_total", "Failed calls per rpc and gRPC status code.", "rpc", "code");

    public Counter Samples { get; } = Metrics.CreateCounter(
        "brainaug_samples_total", "Samples computed per model and version.", "model", "version");

    public Histogram QueueSeconds { get; } = Metrics.CreateHistogram(
        "brainaug_queue_seconds", "Time a request waited for its batch to start.",
        new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = SecondsBuckets });

    public Histogram ComputeSeconds { get; } = Metrics.CreateHistogram(
        "brainaug_compute_seconds", "ONNX Runtime time per batch.",
        new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = SecondsBuckets });

    public Histogram BatchSize { get; } = Metrics.CreateHistogram(
        "brainaug_batch_size", "Samples per ONNX Runtime run (concurrent requests merged).",
        new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });

    public Gauge LoadedVersions { get; } = Metrics.CreateGauge(
        "brainaug_loaded_versions", "Model versions being served.");

    public Gauge RefusedVersions { get; } = Metrics.CreateGauge(
        "brainaug_refused_versions", "Version folders in the repository that are not served (incomplete, corrupt, unloadable).");
}
