namespace BrainAug.Networks;

/// <summary>Which libtorch this build links: the CPU one (the default) or the CUDA one (BRAINAUG_TORCH_BACKEND=cuda).</summary>
public static class TorchBuild
{
#if TORCH_CUDA
    public const string Backend = "cuda";
#else
    public const string Backend = "cpu";
#endif
}
