using BrainAug.InferenceServer.Models;
using Grpc.Health.V1;
using Grpc.HealthCheck;

namespace BrainAug.InferenceServer.Services;

/// <summary>
/// Keeps grpc.health.v1 in step with the catalog: SERVING (for "", "brainaug.v1.Inference" and the Open Inference
/// Protocol's "inference.GRPCInferenceService") once the repository's first scan has finished with at least one
/// model version loaded, NOT_SERVING before that (so no caller reaches a model still loading) and once shutdown begins.
/// </summary>
public sealed class HealthReporter
{
    public const string ServiceName = "brainaug.v1.Inference";
    public const string OpenInferenceServiceName = "inference.GRPCInferenceService";

    private readonly HealthServiceImpl _health;
    private readonly ModelCatalog _catalog;
    private readonly ILogger<HealthReporter> _logger;
    private readonly Lock _lock = new();
    private HealthCheckResponse.Types.ServingStatus? _current;
    private bool _stopping;

    public HealthReporter(HealthServiceImpl health, ModelCatalog catalog, ILogger<HealthReporter> logger)
    {
        (_health, _catalog, _logger) = (health, catalog, logger);
        catalog.Changed += Update;
        Update();
    }

    /// <summary>Shutdown has begun: tell load balancers to stop sending.</summary>
    public void Stopping()
    {
        lock (_lock) _stopping = true;
        Update();
    }

    private void Update()
    {
        lock (_lock)
        {
            var count = _catalog.Count;
            var status = _catalog.Ready && !_stopping ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;
            if (status == _current) return;
            _current = status;
            _health.SetStatus("", status);
            _health.SetStatus(ServiceName, status);
            _health.SetStatus(OpenInferenceServiceName, status);
            Log.HealthChanged(_logger, status.ToString(), count);
        }
    }
}
