using BrainAug.Benchmarks;
using BrainAug.Contracts.Training;
using BrainAug.Trainer.Training;
using static TorchSharp.torch;

// Every benchmark of the project, measured side by side in one run: training FLOP/s against the matmul ceiling,
// ONNX Runtime against TorchSharp inference, gRPC against in-process, generation pairs/s, a load test, and the
// training steps against PyTorch.
const string usage = """
    Usage: brainaug-benchmarks [--quick] [--only training|inference|generation|peer|scale] [--report out/benchmark.md]
                               [--main-job runs/experiment-cpu] [--scale-cases 300]
      --quick      short measurements (a smoke run)
      --only       one section; scale (BraTS-size data: a cached full-size phantom, about 20 GB of disk and 20 minutes
                   on 2 cores) runs only when asked for
      --scale-cases  full-size phantom cases of the scale section (default 300; it also measures a third of them)
      --report     also write the table as Markdown, with the machine and this command line
      --main-job   a main job's run folder: list its stages' times from the runs' summary.json
    """;
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(usage);
    return 0;
}
var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault() ?? "all";
var reportPath = args.SkipWhile(a => a != "--report").Skip(1).FirstOrDefault();
var mainJob = args.SkipWhile(a => a != "--main-job").Skip(1).FirstOrDefault();
var scaleCasesText = args.SkipWhile(a => a != "--scale-cases").Skip(1).FirstOrDefault() ?? (quick ? "12" : "300");
if (only is not ("all" or "training" or "inference" or "generation" or "peer" or "scale"))
{
    Console.Error.WriteLine($"brainaug-benchmarks: --only {only} must be training, inference, generation, peer or scale");
    return 2;
}
if (!int.TryParse(scaleCasesText, out var scaleCases) || scaleCases < 6)
{
    Console.Error.WriteLine($"brainaug-benchmarks: --scale-cases {scaleCasesText} must be a whole number of at least 6");
    return 2;
}
if (mainJob is not null && !Directory.Exists(mainJob))
{
    Console.Error.WriteLine($"brainaug-benchmarks: --main-job {mainJob} is not a folder (give a main job's run folder, e.g. runs/experiment-cpu-folds/fold1)");
    return 2;
}
Console.WriteLine($"BrainAug benchmark on {BenchmarkReport.Machine()}; torch threads {get_num_threads()}, native bf16 (AVX512-BF16/AMX): {(CpuFeatures.HasNativeBf16 ? "yes" : "no: bf16 rows are emulated")}");
var report = new BenchmarkReport();
var ceiling = ComputeCeiling.MeasureGflops(quick ? 3 : 10);
report.Add("ceiling", "ONNX Runtime 2048^3 fp32 matmul, every core", $"{ceiling:F1} GFLOP/s", "1.00 (the yardstick)");

if (only is "all" or "inference") InferenceBenchmark.Run(report, ceiling, quick);
if (only is "all" or "generation") GenerationBenchmark.Run(report, quick);
if (only is "all" or "training") TrainingBenchmark.Run(report, ceiling, quick);
if (only is "all" or "peer") PeerBenchmark.Run(report, quick);
if (only is "scale") ScaleBenchmark.Run(report, quick, scaleCases);
if (mainJob is not null) StageTimes.Add(report, mainJob);
if (reportPath is not null) report.WriteMarkdown(reportPath, "brainaug-benchmarks " + string.Join(' ', args));
return 0;
