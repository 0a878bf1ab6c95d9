using System.Globalization;
using System.Text.RegularExpressions;
using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.InferenceServer.Batching;
using BrainAug.InferenceServer.Models;
using BrainAug.Protos.V1;
using Grpc.Core;

namespace BrainAug.InferenceServer.Services;

/// <summary>
/// Finds the model version a request names (checking it is the right kind of network) and runs samples on it
/// through its batch queue, mapping failures to gRPC status codes.
/// </summary>
public sealed partial class ModelAccess(ModelCatalog catalog, ServerMetrics metrics)
{
    /// <summary>Leases the model for one call; NOT_FOUND when it is not loaded, INVALID_ARGUMENT for a malformed reference.</summary>
    public ModelLease Acquire(ModelRef? reference, string defaultName, NetworkKind network, string rpc)
    {
        var name = string.IsNullOrEmpty(reference?.Name) ? defaultName : reference.Name;
        var lease = Acquire(name, reference?.Version ?? 0, rpc);
        if (lease.Version.Metadata.Network != network)
        {
            lease.Dispose();
            RpcErrors.InvalidArgument($"model {name} is a {Words.Of(lease.Version.Metadata.Network)} network; {rpc} needs a {Words.Of(network)} network");
        }
        return lease;
    }

    /// <summary>Leases a version of any network (0: the default), counting the call under <paramref name="rpc"/>.</summary>
    public ModelLease Acquire(string name, long version, string rpc)
    {
        CheckName(name);
        if (version < 0) RpcErrors.InvalidArgument($"model version {version} is negative; use 0 for the default version");
        var lease = catalog.TryAcquire(name, version, out var problem);
        if (lease is null) RpcErrors.NotFound(problem);
        metrics.Requests.WithLabels(rpc, name, lease.Version.Version.ToString(CultureInfo.InvariantCulture)).Inc();
        return lease;
    }

    /// <summary>Names are looked up, never used as paths; the pattern still refuses anything path-like with a clear message.</summary>
    public static void CheckName(string name)
    {
        if (name.Length > 128 || !ModelName().IsMatch(name))
            RpcErrors.InvalidArgument($"model name '{Truncate(name)}' is not valid: letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    /// <summary>Runs count samples on the leased version; RESOURCE_EXHAUSTED when its queue is full.</summary>
    public async Task<byte[][]> RunAsync(ModelLease lease, int count, Action<Span<float>, int, int> writeInput, ServerCallContext context)
    {
        try
        {
            return await lease.Version.Queue.RunAsync(count, writeInput, context.CancellationToken).ConfigureAwait(false);
        }
        catch (QueueFullException e)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
        }
    }

    /// <summary>The index of a model output by name.</summary>
    public static int Output(ModelVersion version, string name)
    {
        var index = version.Model.OutputIndex(name);
        if (index < 0) RpcErrors.FailedPrecondition($"model {version.Name} version {version.Version} has no output '{name}'");
        return index;
    }

    public static ServedBy ServedBy(ModelVersion version) => new()
    {
        Name = version.Name,
        Version = version.Version,
        Sha256 = version.Metadata.Sha256,
        Provider = version.Model.Provider,
    };

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ModelName();
}
