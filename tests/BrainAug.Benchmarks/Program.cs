using BrainAug.Benchmarks;
using BrainAug.Contracts.Training;
using BrainAug.Trainer.Training;
using static TorchSharp.torch;

// Every benchmark of the project, measured side by side in one run: training FLOP/s against the matmul ceiling,
// ONNX Runtime against TorchSharp inference, gRPC against in-process, generation pairs/s, and a load test.
// Usage: brainaug-benchmarks [--quick] [--only training|inference|generation] [--report out/benchmark.md]
var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault() ?? "all";
var reportPath = args.SkipWhile(a => a != "--report").Skip(1).FirstOrDefault();
if (only is not ("all" or "training" or "inference" or "generation"))
{
    Console.Error.WriteLine($"brainaug-benchmarks: --only {only} must be training, inference or generation");
    return 2;
}
Console.WriteLine($"BrainAug benchmark on {BenchmarkReport.Machine()}; torch threads {get_num_threads()}, native bf16 (AVX512-BF16/AMX): {(CpuFeatures.HasNativeBf16 ? "yes" : "no: bf16 rows are emulated")}");
var report = new BenchmarkReport();
var ceiling = ComputeCeiling.MeasureGflops(quick ? 3 : 10);
report.Add("ceiling", "ONNX Runtime 2048^3 fp32 matmul, every core", $"{ceiling:F1} GFLOP/s", "1.00 (the yardstick)");

if (only is "all" or "inference") InferenceBenchmark.Run(report, ceiling, quick);
if (only is "all" or "generation") GenerationBenchmark.Run(report, quick);
if (only is "all" or "training") TrainingBenchmark.Run(report, ceiling, quick);
if (reportPath is not null) report.WriteMarkdown(reportPath, "brainaug-benchmarks " + string.Join(' ', args));
return 0;
