using System.CommandLine;
using BrainAug.Trainer.Kernels;

namespace BrainAug.Trainer.Commands;

/// <summary>
/// <c>kernel-settings</c>: prints the environment every libtorch process on this machine should start with, one
/// VARIABLE=value per line (nothing where the default kernels are sound), from the cached verdict or, the first time,
/// from check-kernels run under each candidate (see <see cref="KernelChoice"/>). Silent when all is well; when the user
/// has set DNNL_MAX_CPU_ISA or ATEN_CPU_CAPABILITY, prints nothing and leaves their choice alone.
/// Exit code 0, or 3 when no setting gives finite results.
/// </summary>
internal static class KernelSettingsCommand
{
    public static Command Create(string[] args)
    {
        var recheck = new Option<bool>("--recheck") { Description = "Check again even if a verdict is cached" };
        var command = new Command("kernel-settings",
            "Print the environment (VARIABLE=value lines) that libtorch processes on this machine need for finite results; " +
            $"empty where the default kernels are sound. The verdict is cached (in ${KernelChoice.CacheFolderVariable}, else ~/.cache/brainaug).")
        {
            recheck,
        };
        command.SetAction(parse => CommandErrors.Run(args, () =>
        {
            if (KernelSettings.SetByUser) return 0;
            var chosen = new KernelChoice(KernelChoice.DefaultCacheFolder(), m => Console.Error.WriteLine($"brainaug-trainer: {m}"))
                .Choose(parse.GetValue(recheck));
            if (chosen is null) return CheckKernelsCommand.Unsound;
            Console.Write(chosen.AsLines());
            return 0;
        }));
        return command;
    }
}
