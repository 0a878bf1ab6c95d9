using BrainAug.Contracts.Training;

namespace BrainAug.InferenceServer.Models;

/// <summary>
/// The graph outputs the server reads from each network (metadata.json's "network"): the others are computed inside
/// the graph anyway and are not copied out.
/// </summary>
public static class NetworkKinds
{
    public static IReadOnlyList<string> ServedOutputs(NetworkKind network) => network switch
    {
        NetworkKind.Seg => ["probability"],
        NetworkKind.Tumour => ["label_map"],
        NetworkKind.Brain => ["image"],
        _ => throw new InvalidDataException($"network '{network}' is not one the server serves (seg, tumour, brain)"),
    };
}
