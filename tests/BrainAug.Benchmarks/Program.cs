using System.Diagnostics;
using BrainAug.Benchmarks;
using BrainAug.Networks;
using BrainAug.Trainer.Training;
using static TorchSharp.torch;

// Seg-DNN training and inference speed against this machine's compute ceiling, measured side by side in one run.
// Usage: brainaug-benchmarks [--quick] [--only training|inference]   (--quick: fewer steps, for a smoke run)
var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault() ?? "all";
Console.WriteLine($"BrainAug benchmark: {Environment.ProcessorCount} cores, torch threads {get_num_threads()}, native bf16 (AVX512-BF16/AMX): {(CpuFeatures.HasNativeBf16 ? "yes" : "no: bf16 rows are emulated")}");
var ceiling = ComputeCeiling.MeasureGflops(quick ? 3 : 10);
Console.WriteLine($"ceiling: ONNX Runtime 2048^3 fp32 matmul = {ceiling:F1} GFLOP/s");

if (only is "all" or "inference") InferenceBenchmark.Run(ceiling, quick);
if (only == "inference") return 0;

(string Name, int Size, int Base, int Batch, string Precision, int Steps)[] cases =
[
    ("cpu preset 96x96 base 8", 96, 8, 8, "fp32", quick ? 5 : 30),
    ("cpu preset 96x96 base 8", 96, 8, 8, "bf16", quick ? 5 : 30),
    ("240x240 base 16", 240, 16, 8, "fp32", quick ? 2 : 6),
    ("240x240 base 16", 240, 16, 8, "bf16", quick ? 2 : 6),
];
Console.WriteLine($"{"Seg-DNN train step",-26} {"prec",-5} {"img/s",8} {"GFLOP/s",8} {"of ceiling",10}");
foreach (var c in cases)
{
    var imagesPerSecond = MeasureTraining(c.Size, c.Base, c.Batch, c.Precision, c.Steps);
    var gflops = 3 * UNetFlops.Forward(1, 1, c.Base, 4, c.Size) * imagesPerSecond / 1e9;
    Console.WriteLine($"{c.Name,-26} {c.Precision,-5} {imagesPerSecond,8:F1} {gflops,8:F1} {gflops / ceiling,10:F2}");
}

var (after20, after200) = MemoryAfterSteps(quick ? 50 : 200);
Console.WriteLine($"memory (working set) after 20 steps {after20 / 1e6:F0} MB, after {(quick ? 50 : 200)} steps {after200 / 1e6:F0} MB: ratio {(double)after200 / after20:F3}");
return 0;

static double MeasureTraining(int size, int baseWidth, int batch, string precision, int steps)
{
    manual_seed(1);
    using var model = new UNet(1, 1, baseWidth, 4);
    using var step = new SegStep(model, 1e-4, precision, multiClass: false, () => new UNet(1, 1, baseWidth, 4));
    using var images = rand(batch, 1, size, size);
    using var masks = rand(batch, 1, size, size).gt(0.9).to(ScalarType.Float32);
    step.Train();
    for (var i = 0; i < 2; i++) step.Run(images, masks); // warm-up: allocator and kernel selection
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < steps; i++) step.Run(images, masks);
    return steps * batch / clock.Elapsed.TotalSeconds;
}

static (long After20, long AfterMany) MemoryAfterSteps(int many)
{
    manual_seed(1);
    using var model = new UNet(1, 1, 8, 4);
    using var step = new SegStep(model, 1e-4, "fp32", multiClass: false, () => new UNet(1, 1, 8, 4));
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

static long WorkingSet()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    using var process = Process.GetCurrentProcess();
    return process.WorkingSet64;
}
