namespace BrainAug.InferenceServer.Models;

/// <summary>A version folder the server does not serve, and why.</summary>
public sealed record RefusedVersion(string Model, string Version, string Reason);

/// <summary>
/// The model versions being served. A request without a version gets the newest loaded one; a version
/// added by the repository watcher becomes the default for the calls that start after it.
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<long, ModelVersion>> _models = new(StringComparer.Ordinal);
    private IReadOnlyList<RefusedVersion> _refused = [];

    /// <summary>Raised after the set of loaded versions changed, and when the first scan has finished.</summary>
    public event Action? Changed;

    /// <summary>True once the repository's first scan has finished: until then a model the caller wants may still be
    /// loading, so the server reports itself not ready even with other models loaded.</summary>
    public bool Scanned { get; private set; }

    /// <summary>Whether callers can be sent here: the first scan is done and at least one version is loaded.</summary>
    public bool Ready => Scanned && Count > 0;

    /// <summary>Records the end of the first scan (later calls do nothing).</summary>
    public void MarkScanned()
    {
        if (Scanned) return;
        Scanned = true;
        Changed?.Invoke();
    }

    public int Count
    {
        get
        {
            lock (_lock) return _models.Values.Sum(v => v.Count);
        }
    }

    public IReadOnlyList<RefusedVersion> Refused
    {
        get
        {
            lock (_lock) return _refused;
        }
    }

    /// <summary>Leases the requested version (0: the default). Returns null and says why when there is none.</summary>
    public ModelLease? TryAcquire(string name, long version, out string problem)
    {
        lock (_lock)
        {
            problem = "";
            if (!_models.TryGetValue(name, out var versions) || versions.Count == 0)
            {
                problem = $"no model named '{name}' is loaded; loaded: {Names()}";
                return null;
            }
            var chosen = version == 0 ? versions.Values.Last() : versions.GetValueOrDefault(version);
            if (chosen is null)
            {
                problem = $"model '{name}' has no loaded version {version}; loaded versions: {string.Join(", ", versions.Keys)}";
                return null;
            }
            return chosen.TryAcquire() ?? throw new InvalidOperationException("a retired version was still listed");
        }
    }

    public IReadOnlyList<ModelVersion> Snapshot()
    {
        lock (_lock) return [.. _models.OrderBy(m => m.Key, StringComparer.Ordinal).SelectMany(m => m.Value.Values)];
    }

    public bool IsDefault(ModelVersion version)
    {
        lock (_lock) return _models.TryGetValue(version.Name, out var versions) && versions.Values.Last() == version;
    }

    public bool Contains(string name, long version)
    {
        lock (_lock) return _models.TryGetValue(name, out var versions) && versions.ContainsKey(version);
    }

    public void Add(ModelVersion version)
    {
        lock (_lock)
        {
            if (!_models.TryGetValue(version.Name, out var versions)) _models[version.Name] = versions = [];
            versions[version.Version] = version;
        }
        Changed?.Invoke();
    }

    /// <summary>Stops serving a version; its in-flight calls finish first.</summary>
    public void Remove(string name, long version)
    {
        ModelVersion? removed;
        lock (_lock)
        {
            if (!_models.TryGetValue(name, out var versions) || !versions.Remove(version, out removed)) return;
            if (versions.Count == 0) _models.Remove(name);
        }
        removed.Retire();
        Changed?.Invoke();
    }

    public void SetRefused(IReadOnlyList<RefusedVersion> refused)
    {
        lock (_lock) _refused = refused;
    }

    public void Dispose()
    {
        foreach (var version in Snapshot()) Remove(version.Name, version.Version);
    }

    private string Names() => _models.Count == 0 ? "none" : string.Join(", ", _models.Keys.Order(StringComparer.Ordinal));
}
