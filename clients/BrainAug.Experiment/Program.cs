using System.CommandLine;
using BrainAug.Contracts;
using BrainAug.Experiment;

// brainaug-experiment: real vs geometric vs GAN-synthetic augmentation of Seg-DNN's training set, end to end, into
// one run folder (see ExperimentRunner). Rerun the same command after an interruption: finished stages are skipped.
var presets = string.Join("\n", ExperimentPresets.All.Select(p => $"  {p.Name}: {p.Description}"));
var preset = new Option<string>("--preset") { Description = "the protocol (default cpu):\n" + presets, DefaultValueFactory = _ => "cpu" };
preset.Validators.Add(r =>
{
    if (r.GetValueOrDefault<string>() is { } name && ExperimentPresets.All.All(p => p.Name != name))
        r.AddError($"unknown preset '{name}': expected {string.Join(", ", ExperimentPresets.All.Select(p => p.Name))}");
});
var data = new Option<string?>("--data") { Description = "BraTS or MSD dataset folder (default: the preset's phantom, written into the run folder)" };
var run = new Option<string?>("--run") { Description = "run folder (default: runs/experiment-<preset> in the repository)" };
var seeds = new Option<int?>("--seeds") { Description = "Seg-DNN seeds per arm (default: the preset's: cpu and cpu-regions 5, cpu-easy and paper 3, tiny 1)" };
var count = new Option<int?>("--count") { Description = "synthetic pairs and geometric copies N (default: the real arm's training images, as the study)" };
var jobs = new Option<int?>("--jobs")
{
    Description = "trainings run side by side, each on one CPU thread (default: the CPU count). One thread per training keeps every " +
                  "result the same bits whatever the core count, and on 2 cores two small trainings side by side finish 1.7x sooner " +
                  "than one after the other on both cores (measured)",
};
var segPrecision = new Option<string>("--seg-precision")
{
    Description = "the Seg-DNN trainings' --precision: auto (default; bf16 where native, else fp32), fp32 or bf16 - to time the stages both ways",
    DefaultValueFactory = _ => "auto",
};
segPrecision.Validators.Add(r =>
{
    if (r.GetValueOrDefault<string>() is not ("auto" or "fp32" or "bf16")) r.AddError("--seg-precision must be auto, fp32 or bf16");
});
var commandLine = new Option<string?>("--recorded-command-line") { Description = "the command line to record in experiment.json (scripts/main-job.sh passes its own)", Hidden = true };
seeds.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--seeds must be a positive number"); });
count.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--count must be a positive number"); });
jobs.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--jobs must be a positive number"); });
data.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } d && !Directory.Exists(d)) r.AddError($"--data {d} is not a folder"); });

var root = new RootCommand("Runs the whole experiment (real vs geometric vs GAN-synthetic augmentation of Seg-DNN's training set) and writes its " +
                           "report. Rerun the same command after an interruption: finished stages are skipped.")
{
    preset, data, run, seeds, count, jobs, segPrecision, commandLine,
};
root.SetAction(async (parse, cancellation) =>
{
    try
    {
        var tools = Tools.Locate();
        KernelEnvironment.Apply(tools);
        var chosen = ExperimentPresets.Find(parse.GetValue(preset)!);
        var folder = Path.GetFullPath(parse.GetValue(run) ?? Path.Combine(tools.RepositoryRoot, "runs", $"experiment-{chosen.Name}"));
        var options = new ExperimentOptions(chosen, parse.GetValue(data) is { } d ? Path.GetFullPath(d) : null, folder,
            parse.GetValue(seeds) ?? chosen.DefaultSeeds, parse.GetValue(count), parse.GetValue(jobs) ?? Environment.ProcessorCount,
            parse.GetValue(commandLine) ?? Environment.CommandLine, parse.GetValue(segPrecision)!);
        Console.CancelKeyPress += (_, _) => ToolRun.KillAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ToolRun.KillAll();
        await new ExperimentRunner(options, tools).RunAsync();
        return 0;
    }
    catch (Exception e) when (e is StageFailedException or ContractException or IOException or InvalidOperationException or BrainAug.Imaging.Datasets.DatasetException or Grpc.Core.RpcException)
    {
        Console.Error.WriteLine($"brainaug-experiment: {e.Message}");
        ToolRun.KillAll();
        return 1;
    }
});
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"brainaug-experiment: {parsed.Errors[0].Message} (see --help)");
    return 2;
}
return await parsed.InvokeAsync();
