namespace BrainAug.InferenceServer.Models;

/// <summary>
/// The three networks the server knows (metadata.json's "network"), and the graph outputs it reads from each:
/// the others are computed inside the graph anyway and are not copied out.
/// </summary>
public static class NetworkKinds
{
    public const string Seg = "UNet";
    public const string Tumour = "DcganGenerator";
    public const string Brain = "Pix2PixGenerator";

    /// <summary>Outputs served per network; throws for a network the server does not serve.</summary>
    public static IReadOnlyList<string> ServedOutputs(string network) => network switch
    {
        Seg => ["probability"],
        Tumour => ["label_map"],
        Brain => ["image"],
        _ => throw new InvalidDataException($"network '{network}' is not one the server serves ({Seg}, {Tumour}, {Brain})"),
    };
}
