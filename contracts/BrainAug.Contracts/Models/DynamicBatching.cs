namespace BrainAug.Contracts.Models;

/// <summary>
/// How concurrent requests to one model are merged into one run: brainaug-server's defaults, and what the exporter
/// writes into Triton's config.pbtxt (dynamic_batching) so that Triton batches the same calls the same way.
/// </summary>
public static class DynamicBatching
{
    /// <summary>Most samples one model runs together.</summary>
    public const int MaxBatchSize = 16;

    /// <summary>How long the first request of a batch waits for others to join it.</summary>
    public const double MaxQueueDelayMs = 2;
}
