using System.Runtime.InteropServices;

namespace BrainAug.Networks;

/// <summary>
/// Turns libtorch's NNPACK convolutions off, as PyTorch's torch.backends.nnpack.set_flags(False) does. Why: on these
/// virtual machines NNPACK cannot initialise ("Unsupported hardware") and libtorch then prints a warning line for
/// every convolution it considers for NNPACK (1,200 lines in one training's log, seen); where it cannot initialise it
/// is never used, so turning it off changes no result there. Called by the trainer and the exporter before their first
/// convolution. TorchSharp 0.107 has no binding for the flag, so the
/// two libtorch functions are called directly (exported C++ symbols of libtorch_cpu, present in its CPU and CUDA builds).
/// </summary>
public static class Nnpack
{
    public static void Disable()
    {
        try
        {
            _ = TorchSharp.torch.get_num_threads(); // loads libtorch through TorchSharp's own loader first
            SetUserEnabledNnpack(GlobalContext(), false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another libtorch build without these symbols: the warnings stay, nothing else changes.
        }
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole trainer.
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

}
