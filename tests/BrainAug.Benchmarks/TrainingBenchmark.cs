using System.Diagnostics;
using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.Networks;
using BrainAug.Trainer.Training;
using static TorchSharp.torch;

namespace BrainAug.Benchmarks;

/// <summary>Seg-DNN training steps (fp32 and bf16) against the matmul ceiling, and the working set over many steps.</summary>
public static class TrainingBenchmark
{
    public static void Run(BenchmarkReport report, double ceiling, bool quick)
    {
        (string Name, int Size, int Base, int Batch, string Precision, int Steps)[] cases =
        [
            ("small preset 96x96 base 8", 96, 8, 8, "fp32", quick ? 5 : 30),
            ("small preset 96x96 base 8", 96, 8, 8, "bf16", quick ? 5 : 30),
            ("240x240 base 16", 240, 16, 8, "fp32", quick ? 2 : 6),
            ("240x240 base 16", 240, 16, 8, "bf16", quick ? 2 : 6),
        ];
        foreach (var c in cases)
        {
            var imagesPerSecond = MeasureTraining(c.Size, c.Base, c.Batch, c.Precision, c.Steps);
            var gflops = 3 * UNetFlops.Forward(1, 1, c.Base, 4, c.Size) * imagesPerSecond / 1e9;
            report.Add("training", $"Seg-DNN step, {c.Name}, batch {c.Batch}, {c.Precision}{(c.Precision == "bf16" && !CpuFeatures.HasNativeBf16 ? " (emulated)" : "")}",
                $"{imagesPerSecond:F1} img/s, {gflops:F1} GFLOP/s", $"{gflops / ceiling:F2} of ceiling");
        }
        var many = quick ? 50 : 200;
        var (after20, afterMany) = MemoryAfterSteps(many);
        report.Add("training", $"working set after 20 and {many} steps", $"{after20 / 1e6:F0} MB -> {afterMany / 1e6:F0} MB", $"ratio {(double)afterMany / after20:F3}");
    }

    private static double MeasureTraining(int size, int baseWidth, int batch, string precision, int steps)
    {
        manual_seed(1);
        using var model = new UNet(1, 1, baseWidth, 4);
        using var step = new SegStep(model, 1e-4, Words.Parse<Precision>(precision), TargetRegion.Et, () => new UNet(1, 1, baseWidth, 4));
        using var images = rand(batch, 1, size, size);
        using var masks = rand(batch, 1, size, size).gt(0.9).to(ScalarType.Float32);
        step.Train();
        for (var i = 0; i < 2; i++) step.Run(images, masks); // warm-up: allocator and kernel selection
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step.Run(images, masks);
        return steps * batch / clock.Elapsed.TotalSeconds;
    }

    private static (long After20, long AfterMany) MemoryAfterSteps(int many)
    {
        manual_seed(1);
        using var model = new UNet(1, 1, 8, 4);
        using var step = new SegStep(model, 1e-4, Precision.Fp32, TargetRegion.Et, () => new UNet(1, 1, 8, 4));
        using var images = rand(8, 1, 96, 96);
        using var masks = rand(8, 1, 96, 96).gt(0.9).to(ScalarType.Float32);
        step.Train();
        long after20 = 0;
        for (var i = 1; i <= many; i++)
        {
            step.Run(images, masks);
            if (i == 20) after20 = WorkingSet();
        }
        return (after20, WorkingSet());
    }

    private static long WorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
