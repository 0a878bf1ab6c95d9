using BrainAug.Protos.Inference;
using BrainAug.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;

namespace BrainAug.Clients.Connection;

/// <summary>The server could not be reached or kept failing: the message says which endpoints and why.</summary>
public sealed class ServerUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// One gRPC channel over one or several inference servers (brainaug-server, or any Open Inference Protocol server): calls are spread round-robin over them
/// (client-side load balancing), retried on UNAVAILABLE with exponential backoff, and given a deadline.
/// </summary>
public sealed class ServerConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _headers = [];
    private readonly TimeSpan _deadline;

    public ServerConnection(IReadOnlyList<Uri> endpoints, string token, TimeSpan deadline)
    {
        if (endpoints.Count == 0) throw new ArgumentException("at least one --server endpoint is needed");
        Endpoints = endpoints;
        _deadline = deadline;
        if (token.Length > 0) _headers.Add("authorization", $"Bearer {token}");
        var options = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 << 20,
            MaxSendMessageSize = 64 << 20,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() }, MethodConfigs = { RetryOnUnavailable() } },
        };
        if (endpoints.Count == 1)
        {
            _channel = GrpcChannel.ForAddress(endpoints[0], options);
        }
        else
        {
            // A static list of addresses, balanced by the channel itself (no DNS, no proxy).
            if (endpoints.Select(e => e.Scheme).Distinct().Count() > 1) throw new ArgumentException("all --server endpoints must use the same scheme (http or https)");
            options.Credentials = endpoints[0].Scheme == "https" ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
            options.ServiceProvider = new StaticAddresses(new StaticResolverFactory(_ => [.. endpoints.Select(e => new BalancerAddress(e.Host, e.Port))]));
            _channel = GrpcChannel.ForAddress("static:///brainaug", options);
        }
        Client = new Inference.InferenceClient(_channel);
        OpenInference = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
    }

    public IReadOnlyList<Uri> Endpoints { get; }

    public Inference.InferenceClient Client { get; }

    /// <summary>The Open Inference Protocol's service on the same channel (brainaug-server, Triton, KServe).</summary>
    public GRPCInferenceService.GRPCInferenceServiceClient OpenInference { get; }

    /// <summary>Call options for one call: the token header, the deadline, and the caller's cancellation.</summary>
    public CallOptions Options(CancellationToken cancellation) => new(_headers, DateTime.UtcNow + _deadline, cancellation);

    /// <summary>Runs a call, turning UNAVAILABLE (after the retries) and DEADLINE_EXCEEDED into a clear error.</summary>
    public async Task<T> CallAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellation)
    {
        try
        {
            return await call(Options(cancellation));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new ServerUnavailableException(
                $"brainaug-server at {string.Join(", ", Endpoints)} {(e.StatusCode == StatusCode.Unavailable ? "is unreachable" : "did not answer in time")}: {e.Status.Detail}", e);
        }
    }

    public void Dispose() => _channel.Dispose();

    private static MethodConfig RetryOnUnavailable() => new()
    {
        Names = { MethodName.Default },
        RetryPolicy = new RetryPolicy
        {
            MaxAttempts = 5,
            InitialBackoff = TimeSpan.FromSeconds(0.5),
            MaxBackoff = TimeSpan.FromSeconds(5),
            BackoffMultiplier = 2,
            RetryableStatusCodes = { StatusCode.Unavailable },
        },
    };

    /// <summary>The one service the channel asks its service provider for: the static address resolver.</summary>
    private sealed class StaticAddresses(ResolverFactory factory) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IEnumerable<ResolverFactory>) ? new[] { factory } : serviceType == typeof(ResolverFactory) ? factory : null;
    }
}
