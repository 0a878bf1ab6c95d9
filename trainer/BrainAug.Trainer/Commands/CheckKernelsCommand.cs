using System.CommandLine;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Commands;

/// <summary>
/// <c>check-kernels</c>: runs libtorch's convolution forward and backward on fixed input many times and checks that
/// every result is finite. Why: on a 2-core AMD EPYC of family 26 (Zen 5, AVX-512) libtorch's oneDNN convolution gave
/// non-finite values in 30 to 90 of 200 repeats on 2 threads, and training losses turned NaN at random (measured);
/// with oneDNN capped at SSE4.1 (DNNL_MAX_CPU_ISA=SSE41 in the environment) none in 800. The set-up of the main job and
/// the tests run this check and set the cap when it fails. Exit code 0: sound; 3: non-finite results.
/// </summary>
internal static class CheckKernelsCommand
{
    public const int Unsound = 3;

    public static Command Create(string[] args)
    {
        var repeats = new Option<int>("--repeats") { Description = "Forward and backward passes to check", DefaultValueFactory = _ => 200 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (default: at least 2, where the fault shows)", DefaultValueFactory = _ => Math.Max(2, Environment.ProcessorCount) };
        var command = new Command("check-kernels", "Check that libtorch's CPU convolution gives finite results on this machine (exit code 0), or not (3).")
        {
            repeats, threads,
        };
        command.SetAction(parse => CommandErrors.Run(args, () => Check(parse.GetValue(repeats), parse.GetValue(threads))));
        return command;
    }

    private static int Check(int repeats, int threads)
    {
        set_num_threads(threads);
        random.manual_seed(1);
        using var convolution = nn.Conv2d(8, 8, 3, padding: 1);
        using var input = randn(8, 8, 32, 32);
        var nonFinite = 0;
        for (var i = 0; i < repeats; i++)
        {
            using var scope = NewDisposeScope();
            var x = input.clone().requires_grad_(true);
            var y = convolution.call(x);
            y.square().sum().backward();
            if (!y.isfinite().all().item<bool>() || !x.grad!.isfinite().all().item<bool>()) nonFinite++;
        }
        var isa = Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA") is { Length: > 0 } cap ? $", oneDNN capped at {cap}" : "";
        Console.WriteLine($"check-kernels: {repeats} convolution passes on {threads} threads{isa}: {nonFinite} with non-finite results");
        return nonFinite == 0 ? 0 : Unsound;
    }
}
