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
