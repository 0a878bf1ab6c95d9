using Grpc.Core;
using Grpc.Core.Interceptors;

namespace BrainAug.InferenceServer.Services;

/// <summary>Counts failed calls per rpc and status code (brainaug_request_failures_total).</summary>
public sealed class FailureMetricsInterceptor(ServerMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Count(context, e);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Count(context, e);
            throw;
        }
    }

    private void Count(ServerCallContext context, Exception e)
    {
        var code = e switch
        {
            RpcException rpc => rpc.StatusCode,
            OperationCanceledException when context.Deadline <= DateTime.UtcNow => StatusCode.DeadlineExceeded,
            OperationCanceledException => StatusCode.Cancelled,
            _ => StatusCode.Unknown,
        };
        metrics.Failures.WithLabels(context.Method.Split('/').Last(), code.ToString()).Inc();
    }
}
