using System.Diagnostics.CodeAnalysis;
using Grpc.Core;

namespace BrainAug.InferenceServer.Services;

/// <summary>Throws the status codes the API documents, each with a message that says what was expected.</summary>
public static class RpcErrors
{
    [DoesNotReturn]
    public static void InvalidArgument(string message) => throw new RpcException(new Status(StatusCode.InvalidArgument, message));

    [DoesNotReturn]
    public static void NotFound(string message) => throw new RpcException(new Status(StatusCode.NotFound, message));

    [DoesNotReturn]
    public static void FailedPrecondition(string message) => throw new RpcException(new Status(StatusCode.FailedPrecondition, message));

    [DoesNotReturn]
    public static void ResourceExhausted(string message) => throw new RpcException(new Status(StatusCode.ResourceExhausted, message));

    [DoesNotReturn]
    public static void Unauthenticated(string message) => throw new RpcException(new Status(StatusCode.Unauthenticated, message));
}
