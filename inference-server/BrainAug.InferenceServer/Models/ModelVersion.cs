using BrainAug.Contracts.Models;
using BrainAug.InferenceServer.Batching;

namespace BrainAug.InferenceServer.Models;

/// <summary>
/// One loaded version of one model: its graph, metadata and batch queue. Calls hold a lease while they run,
/// so a version that is unloaded (its folder removed) finishes its in-flight calls before it is disposed.
/// </summary>
public sealed class ModelVersion(string name, long version, ModelMetadata metadata, string metadataJson, OnnxModel model, BatchQueue queue)
{
    private readonly Lock _lock = new();
    private int _leases;
    private bool _retired;
    private bool _disposed;

    public string Name { get; } = name;

    public long Version { get; } = version;

    public ModelMetadata Metadata { get; } = metadata;

    /// <summary>metadata.json verbatim, for ListModels.</summary>
    public string MetadataJson { get; } = metadataJson;

    public OnnxModel Model { get; } = model;

    public BatchQueue Queue { get; } = queue;

    /// <summary>Takes a lease, or returns null when the version is already being unloaded.</summary>
    public ModelLease? TryAcquire()
    {
        lock (_lock)
        {
            if (_retired) return null;
            _leases++;
            return new ModelLease(this);
        }
    }

    /// <summary>No new calls; disposed once the last lease is released.</summary>
    public void Retire()
    {
        lock (_lock) _retired = true;
        DisposeWhenIdle();
    }

    internal void Release()
    {
        lock (_lock) _leases--;
        DisposeWhenIdle();
    }

    private void DisposeWhenIdle()
    {
        lock (_lock)
        {
            if (!_retired || _leases > 0 || _disposed) return;
            _disposed = true;
        }
        Queue.Dispose();
        Model.Dispose();
    }
}

/// <summary>A call's hold on a model version; dispose it when the call is done.</summary>
public sealed class ModelLease(ModelVersion version) : IDisposable
{
    private int _released;

    public ModelVersion Version { get; } = version;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) Version.Release();
    }
}
