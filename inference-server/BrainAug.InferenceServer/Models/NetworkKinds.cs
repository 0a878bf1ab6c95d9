using BrainAug.Contracts.Training;

namespace BrainAug.InferenceServer.Models;

/// <summary>
/// The graph outputs the server reads from each network (metadata.json's "network"): the others are computed inside
/// the graph anyway and are not copied out.
/// </summary>
public static class NetworkKinds
{
    public static IReadOnlyList<string> ServedOutputs(NetworkKind network) => [ServedOutput.Of(network)];
}
