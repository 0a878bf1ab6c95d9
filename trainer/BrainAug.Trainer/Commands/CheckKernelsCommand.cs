using System.CommandLine;
using BrainAug.Trainer.Kernels;

namespace BrainAug.Trainer.Commands;

/// <summary>
/// <c>check-kernels</c>: runs <see cref="KernelCheck"/> under this process's environment (DNNL_MAX_CPU_ISA,
/// ATEN_CPU_CAPABILITY) and says what it found. Exit code 0: sound; 3: non-finite results. kernel-settings runs it
/// once per candidate setting; it is also the way to check a setting by hand.
/// </summary>
internal static class CheckKernelsCommand
{
    public const int Unsound = 3;

    public static Command Create(string[] args)
    {
        var repeats = new Option<int>("--repeats") { Description = "Convolution forward and backward passes to check", DefaultValueFactory = _ => 200 };
        var steps = new Option<int>("--steps") { Description = "Training steps of each network (U-Net, DCGAN, pix2pix, inpainting) to check", DefaultValueFactory = _ => 12 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads for the convolutions; at least 2 by default, where the fault shows", DefaultValueFactory = _ => Math.Max(2, Environment.ProcessorCount) };
        var command = new Command("check-kernels", "Check that libtorch's CPU kernels give finite results on this machine under the current environment (exit code 0), or not (3).")
        {
            repeats, steps, threads,
        };
        command.SetAction(parse => CommandErrors.Run(args, () =>
        {
            var settings = KernelSettings.Current();
            var result = KernelCheck.Run(parse.GetValue(repeats), parse.GetValue(steps), parse.GetValue(threads));
            var environment = settings.Environment.Count == 0 ? "" : $" ({string.Join(' ', settings.Environment.Select(e => $"{e.Variable}={e.Value}"))})";
            Console.WriteLine($"check-kernels: settings {settings.Name}{environment}: {result}");
            return result.Sound ? 0 : Unsound;
        }));
        return command;
    }
}
