namespace BrainAug.InferenceServer;

/// <summary>Every message the server logs, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Loaded {Model} version {Version} ({Network}) on the {Provider} execution provider: input {Input} {Shape}")]
    public static partial void VersionLoaded(ILogger logger, string model, long version, string network, string provider, string input, string shape);

    [LoggerMessage(2, LogLevel.Warning, "Refused {Model} version {Version}: {Reason}")]
    public static partial void VersionRefused(ILogger logger, string model, string version, string reason);

    [LoggerMessage(3, LogLevel.Information, "Unloaded {Model} version {Version}: its folder is gone")]
    public static partial void VersionRemoved(ILogger logger, string model, long version);

    [LoggerMessage(4, LogLevel.Warning, "Model repository {Repository} does not exist yet; serving nothing until it does")]
    public static partial void RepositoryMissing(ILogger logger, string repository);

    [LoggerMessage(5, LogLevel.Information, "CUDA execution provider unavailable, models run on the CPU: {Reason}")]
    public static partial void CudaUnavailable(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Information, "Health: {Status} ({Count} model versions loaded)")]
    public static partial void HealthChanged(ILogger logger, string status, int count);

    [LoggerMessage(7, LogLevel.Error, "Repository scan failed: {Reason}")]
    public static partial void ScanFailed(ILogger logger, string reason);

    [LoggerMessage(8, LogLevel.Information, "Serving brainaug.v1.Inference on {Scheme}://{Address}:{Port} (auth: {Auth}), metrics: {Metrics}")]
    public static partial void Listening(ILogger logger, string scheme, string address, int port, string auth, string metrics);
}
