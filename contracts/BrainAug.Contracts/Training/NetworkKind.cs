namespace BrainAug.Contracts.Training;

/// <summary>The three networks: what a training run trains and what a served model is. Written as seg, tumour,
/// brain in every file (config.json's and metadata.json's "kind" and "network").</summary>
public enum NetworkKind
{
    /// <summary>The Seg-DNN (U-Net).</summary>
    Seg,

    /// <summary>The Tumour Generator (DCGAN).</summary>
    Tumour,

    /// <summary>The Brain Generator (pix2pix).</summary>
    Brain,
}

/// <summary>The graph output a server returns for each network (the others are computed inside the graph and not
/// read): brainaug-server reads only it, and the clients ask any Open Inference Protocol server for it by name.</summary>
public static class ServedOutput
{
    public static string Of(NetworkKind network) => network switch
    {
        NetworkKind.Seg => "probability",
        NetworkKind.Tumour => "label_map",
        NetworkKind.Brain => "image",
        _ => throw new InvalidDataException($"network '{network}' is not one the server serves (seg, tumour, brain)"),
    };
}
