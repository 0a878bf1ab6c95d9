using System.Security.Cryptography;
using System.Text;
using BrainAug.InferenceServer.Configuration;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace BrainAug.InferenceServer.Security;

/// <summary>
/// When a token is configured, every call must carry "authorization: Bearer &lt;token&gt;" (compared in constant
/// time), else UNAUTHENTICATED. Health checks are exempt so load balancers and orchestrators can probe.
/// </summary>
public sealed class BearerTokenInterceptor(ServerOptions options) : Interceptor
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes($"Bearer {options.Token}");

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        if (options.Token.Length == 0 || context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)) return;
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null) Services.RpcErrors.Unauthenticated("this server needs a bearer token: send the header 'authorization: Bearer <token>'");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), _expected))
            Services.RpcErrors.Unauthenticated("the bearer token is wrong");
    }
}
