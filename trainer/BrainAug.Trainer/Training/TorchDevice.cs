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
            "cuda" when !cuda.is_available() => throw new ArgumentException("--device cuda was asked for but TorchSharp sees no CUDA device (build with -p:TorchBackend=cuda on a GPU machine)"),
            "cuda" => CUDA,
            _ => cuda.is_available() ? CUDA : CPU,
        };
    }

    public static string Describe(Device device) =>
        device.type == TorchSharp.DeviceType.CUDA ? $"CUDA ({cuda.device_count()} device(s))" : $"CPU ({get_num_threads()} threads)";
}
