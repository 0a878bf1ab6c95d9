using System.Text.Json;
using BrainAug.Networks;
using BrainAug.TestSupport;
using BrainAug.Trainer.Training;
using static TorchSharp.torch;

namespace BrainAug.Benchmarks;

/// <summary>
/// The study's own stack as the peer: the same Seg-DNN, DCGAN and pix2pix training steps and the Seg-DNN forward pass
/// (random inputs, batch 8, fp32, the same thread count) in TorchSharp and in Debian's PyTorch (python3-torch,
/// pytorch_peer.py, which mirrors the networks layer for layer), each case measured on both sides one after the other.
/// </summary>
public static class PeerBenchmark
{
    private const int Batch = 8;

    public static void Run(BenchmarkReport report, bool quick)
    {
        var seconds = quick ? 1.0 : 6.0;
        (string Case, string Name, Func<Action> CreateStep)[] cases =
        [
            ("seg-step-96-base8", "Seg-DNN step, small preset 96x96 base 8", () => SegStep(96, 8)),
            ("seg-step-240-base16", "Seg-DNN step, 240x240 base 16", () => SegStep(240, 16)),
            ("seg-forward-240-base16", "Seg-DNN forward, 240x240 base 16", () => SegForward(240, 16)),
            ("dcgan-step-64", "DCGAN step (D and G), small preset 64x64", DcganStep),
            ("pix2pix-step-64", "pix2pix step (D and G, L1 x 100), small preset 64x64", Pix2PixStep),
        ];
        foreach (var (peerCase, name, createStep) in cases)
        {
            var ours = Measure(createStep, seconds);
            var (peer, version) = PyTorch(peerCase, seconds);
            var ratio = double.IsNaN(peer) ? version : $"TorchSharp at {ours / peer:F2}x PyTorch {version}'s speed";
            report.Add("peer", $"{name}, batch {Batch}, fp32: TorchSharp / PyTorch", $"{ours:F1} / {(double.IsNaN(peer) ? "-" : $"{peer:F1}")} img/s", ratio);
        }
    }

    /// <summary>Images per second of one step at a time, after two warm-up steps (allocator and kernel selection, as
    /// pytorch_peer.py does), for at least <paramref name="seconds"/>.</summary>
    private static double Measure(Func<Action> createStep, double seconds)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var step = createStep();
        step();
        return InferenceBenchmark.Repeat(Batch, seconds, step);
    }

    private static Action SegStep(int size, int baseWidth)
    {
        var model = new UNet(1, 1, baseWidth, 4);
        var step = new SegStep(model, 1e-4, Contracts.Training.Precision.Fp32, Contracts.Training.TargetRegion.Et, () => new UNet(1, 1, baseWidth, 4));
        var images = rand(Batch, 1, size, size);
        var masks = rand(Batch, 1, size, size).gt(0.9).to(ScalarType.Float32);
        step.Train();
        return () => step.Run(images, masks);
    }

    private static Action SegForward(int size, int baseWidth)
    {
        var model = new UNet(1, 1, baseWidth, 4);
        model.eval();
        var images = rand(Batch, 1, size, size);
        return () =>
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            model.call(images).sigmoid();
        };
    }

    private static Action DcganStep()
    {
        var generator = new DcganGenerator(100, 64, 16, 1);
        var discriminator = new DcganDiscriminator(64, 16, 1);
        var optimizerG = AdamSettings.ForGan(generator.parameters(), 2e-4);
        var optimizerD = AdamSettings.ForGan(discriminator.parameters(), 2e-4);
        var real = rand(Batch, 1, 64, 64) * 2 - 1;
        return () =>
        {
            using var scope = NewDisposeScope();
            var fake = generator.call(randn(Batch, 100, 1, 1));
            TumourTraining.BackwardD(discriminator, optimizerD, real, fake);
            TumourTraining.BackwardG(discriminator, optimizerG, fake);
        };
    }

    private static Action Pix2PixStep()
    {
        var generator = new Pix2PixGenerator(2, 1, 6, 16);
        var discriminator = new PatchGanDiscriminator(3, 16, 2);
        var optimizerG = AdamSettings.ForGan(generator.parameters(), 2e-4);
        var optimizerD = AdamSettings.ForGan(discriminator.parameters(), 2e-4);
        var condition = rand(Batch, 2, 64, 64) * 2 - 1;
        var real = rand(Batch, 1, 64, 64) * 2 - 1;
        return () =>
        {
            using var scope = NewDisposeScope();
            var fake = generator.call(condition);
            BrainTraining.BackwardD(discriminator, optimizerD, condition, real, fake);
            BrainTraining.BackwardG(discriminator, optimizerG, condition, real, fake, 100);
        };
    }

    /// <summary>The case's images per second in PyTorch and its version; NaN and why when PyTorch cannot run.</summary>
    private static (double ImagesPerSecond, string Version) PyTorch(string peerCase, double seconds)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch_peer.py");
        var result = ProcessRunner.Run(ReferencePython.Interpreter, [script, peerCase, $"{get_num_threads()}", $"{seconds}"], TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
        {
            var reason = result.Stderr.Contains("No module named 'torch'") ? "PyTorch is not installed (Debian: python3-torch)" : result.Stderr.Trim().Split('\n')[^1];
            return (double.NaN, $"no PyTorch row: {reason}");
        }
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        return (json.GetProperty("images_per_second").GetDouble(), json.GetProperty("torch").GetString()!);
    }
}
