using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace BrainAug.Networks;

/// <summary>The vanilla GAN loss on logits: hides building the all-real / all-fake target tensors.</summary>
public static class GanLoss
{
    /// <summary>BCE-with-logits of <paramref name="logits"/> against 1 (real) or 0 (fake), averaged.</summary>
    public static Tensor Of(Tensor logits, bool real)
    {
        using var target = real ? ones_like(logits) : zeros_like(logits);
        return binary_cross_entropy_with_logits(logits, target);
    }
}
