using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>CUDA when TorchSharp sees a GPU (and the CUDA build is used), CPU otherwise.</summary>
public static class TorchDevice
{
    /// <summary>The device, after limiting libtorch's CPU threads to <paramref name="threads"/> (0 = libtorch's
    /// default, one per core). Float sums split over threads round differently, so a run is bit-identical to another
    /// only with the same thread count: the main job fixes it at 1 and trains several networks side by side.</summary>
    public static Device Choose(string requested, int threads)
    {
        if (threads > 0) set_num_threads(threads);
        BrainAug.Networks.Nnpack.Disable();
        return requested switch
        {
            "cpu" => CPU,
            "cuda" when !cuda.is_available() => throw new ArgumentException(NoCuda),
            "cuda" => CUDA,
            _ => cuda.is_available() ? CUDA : CPU,
        };
    }

    /// <summary>Why --device cuda cannot be had: a CPU-only build, or a CUDA build that sees no GPU.</summary>
    private static string NoCuda => BrainAug.Networks.TorchBuild.Backend == "cpu"
        ? "--device cuda: this build links libtorch for the CPU only; rebuild with BRAINAUG_TORCH_BACKEND=cuda exported (set-up, main job and tests keep it) on a machine with an NVIDIA GPU and driver"
        : "--device cuda: this CUDA build sees no CUDA device (no NVIDIA GPU visible, or its driver is missing: check nvidia-smi)";

    public static string Describe(Device device) =>
        device.type == TorchSharp.DeviceType.CUDA ? $"CUDA ({cuda.device_count()} device(s))" : $"CPU ({get_num_threads()} threads)";
}
