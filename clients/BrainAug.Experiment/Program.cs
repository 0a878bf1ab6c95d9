using System.CommandLine;
using BrainAug.Contracts;
using BrainAug.Contracts.Generation;
using BrainAug.Experiment;
using BrainAug.Experiment.Slurm;

// brainaug-experiment: real vs geometric vs GAN-synthetic augmentation of Seg-DNN's training set, end to end, into
// one run folder (see ExperimentRunner). Rerun the same command after an interruption: finished stages are skipped.
var presets = string.Join("\n", ExperimentPresets.All.Select(p => $"  {p.Name}: {p.Description}"));
var preset = new Option<string>("--preset") { Description = "the protocol:\n" + presets, DefaultValueFactory = _ => "cpu-folds" };
preset.Validators.Add(r =>
{
    if (r.GetValueOrDefault<string>() is { } name && ExperimentPresets.All.All(p => p.Name != name))
        r.AddError($"unknown preset '{name}': expected {string.Join(", ", ExperimentPresets.All.Select(p => p.Name))}");
});
var data = new Option<string?>("--data") { Description = "BraTS or MSD dataset folder (default: the preset's phantom, written into the run folder)" };
var run = new Option<string?>("--run") { Description = "run folder (default: runs/experiment-<preset> in the repository)" };
var generatorSeed = new Option<int>("--generator-seed")
{
    Description = "seed of both generators' trainings and of the augmentation: two runs that differ only in it show how much the " +
                  "results depend on the generators' own draw, which the Seg-DNN seeds do not cover",
    DefaultValueFactory = _ => 1,
};
var transformSynthetic = new Option<bool>("--transform-synthetic")
{
    Description = "transform every synthetic pair once (flip, rotation, scale, elastic warp) in the arms that train on them, as the " +
                  "geometric copies transform the real slices (the trainer's --transform-synthetic); on by the preset where it says so",
};
var syntheticPerReal = new Option<int>("--synthetic-per-real")
{
    Description = "synthetic pairs made per real training image, K: the synthetic arms train on K x N pairs, the geometric copies " +
                  "stay N (generating is cheap, labelling is not); 1 as the study. The synthetic arms then also train more steps " +
                  "(the epochs are fixed); --count K*N gives both kinds K per real image, the like-for-like comparison",
    DefaultValueFactory = _ => 1,
};
syntheticPerReal.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 16) r.AddError("--synthetic-per-real must be a whole number from 1 to 16"); });
var tumours = new Option<string>("--tumours")
{
    Description = "where the synthetic pairs' new tumours come from: generated (the tumour generator, the study's design) or real (a real " +
                  "training slice's tumour map, moved, scaled and rotated, painted by the brain generator: what a tumour generator " +
                  "that drew real-looking maps would be worth; the tumour generator is still trained and served)",
    DefaultValueFactory = _ => TumourSources.Generated,
};
AcceptOne(tumours, TumourSources.Choices);
var seeds = new Option<int?>("--seeds") { Description = "Seg-DNN seeds per arm (default: the preset's: cpu and cpu-regions 5, cpu-easy and paper 3, cpu-folds 1 per fold, tiny 1)" };
var comparatorSeeds = new Option<int?>("--comparator-seeds")
{
    Description = "K: the geometric arm, which both head-to-head contrasts (synthetic - geometric, both - geometric) are measured " +
                  "against, trains K x --seeds Seg-DNNs, the other arms --seeds; each contrast then sets one seed of its arm against " +
                  "the mean of K geometric ones (default: the preset's: cpu-folds 2, the others 1)",
};
comparatorSeeds.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 8) r.AddError("--comparator-seeds must be a whole number from 1 to 8"); });
var count = new Option<int?>("--count") { Description = "synthetic pairs and geometric copies N (default: the real arm's training images, as the study)" };
var jobs = new Option<int?>("--jobs")
{
    Description = "trainings run side by side, each on one CPU thread (default: the CPU count). One thread per training keeps every " +
                  "result the same bits whatever the core count, and on 2 cores two small trainings side by side finish 1.7x sooner " +
                  "than one after the other on both cores (measured)",
};
var segPrecision = new Option<string>("--seg-precision")
{
    Description = "the Seg-DNN trainings' --precision: auto (bf16 where native, else fp32), fp32 or bf16 - to time the stages both ways",
    DefaultValueFactory = _ => "auto",
};
AcceptOne(segPrecision, ["auto", "fp32", "bf16"]);
var executor = new Option<string>("--executor")
{
    Description = "where the trainings run: local (processes on this machine, --jobs at a time) or slurm (each stage's " +
                  "trainings as one Slurm job array, submitted with sbatch from this machine; the run folder must be on a file " +
                  "system the cluster's nodes share)",
    DefaultValueFactory = _ => "local",
};
AcceptOne(executor, ["local", "slurm"]);
var partition = new Option<string?>("--partition") { Description = "slurm: the partition every job is submitted to (default: the cluster's)" };
var account = new Option<string?>("--account") { Description = "slurm: the account the jobs are charged to" };
var time = new Option<string?>("--time") { Description = "slurm: each task's time limit, in sbatch's format (e.g. 4:00:00); a task that hits it is submitted again and resumes from its checkpoint" };
var memory = new Option<string?>("--mem") { Description = "slurm: each task's memory (e.g. 8G)" };
var gres = new Option<string?>("--gres") { Description = "slurm: generic resources per task, e.g. gpu:1 for one GPU each (the trainings use CUDA where the build has it; see the README)" };
var sbatchArguments = new Option<string[]>("--sbatch-arg")
{
    Description = "slurm: one more sbatch option for every job, written into the job script (repeatable; e.g. --sbatch-arg=--qos=long)",
    AllowMultipleArgumentsPerToken = false,
};
var pollSeconds = new Option<int?>("--poll-seconds") { Description = "slurm: how often the jobs' states are asked of Slurm (default 10)" };
pollSeconds.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--poll-seconds must be a positive number"); });
var slurmOnly = new Option[] { partition, account, time, memory, gres, sbatchArguments, pollSeconds };
var stage = new Option<string?>("--stage") { Description = "run one planned stage in this process (what a Slurm array task runs)", Hidden = true };
var fold = new Option<int?>("--fold") { Description = "with --stage: the cross-validation fold whose stage it is (its run folder is RUN/foldN)", Hidden = true };
var commandLine = new Option<string?>("--recorded-command-line") { Description = "the command line to record in experiment.json (scripts/main-job.sh passes its own)", Hidden = true };
generatorSeed.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--generator-seed must be a positive number"); });
seeds.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--seeds must be a positive number"); });
count.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--count must be a positive number"); });
jobs.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--jobs must be a positive number"); });
data.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } d && !Directory.Exists(d)) r.AddError($"--data {d} is not a folder"); });

var root = new RootCommand("Runs the whole experiment (real vs geometric vs GAN-synthetic augmentation of Seg-DNN's training set) and writes its " +
                           "report. Rerun the same command after an interruption: finished stages are skipped.")
{
    preset, data, run, seeds, comparatorSeeds, generatorSeed, transformSynthetic, syntheticPerReal, tumours, count, jobs, segPrecision, executor, partition, account, time, memory, gres, sbatchArguments, pollSeconds, stage, fold, commandLine,
};
root.Validators.Add(r =>
{
    // Not == "local": a command validator sees null for an option left at its default.
    if (r.GetValue(executor) != "slurm" && slurmOnly.FirstOrDefault(o => r.GetResult(o) is { Implicit: false }) is { } given)
        r.AddError($"{given.Name} applies only with --executor slurm");
});
root.Validators.Add(r =>
{
    if (ExperimentPresets.All.FirstOrDefault(p => p.Name == r.GetValue(preset)) is not { } chosen) return;
    if (chosen.CurvePoint is not null && r.GetValue(executor) == "slurm")
        r.AddError($"--preset {chosen.Name} runs on this machine only (its points run one after another); leave out --executor slurm");
    else if (chosen.CurvePoint is not null && r.GetResult(count) is { Implicit: false })
        r.AddError($"--count does not apply to --preset {chosen.Name}: each point's N is its own real training images");
    else if (chosen.CurvePoint is not null && r.GetValue(comparatorSeeds) is > 1)
        r.AddError($"--comparator-seeds does not apply to --preset {chosen.Name}: a learning curve trains every arm on the same seeds");
    else if (r.GetValue(fold) is { } f && (chosen.Folds == 0 || f < 1 || f > chosen.Folds || r.GetValue(stage) is null))
        r.AddError($"--fold {f} applies only with --stage and a preset of folds 1..{chosen.Folds}");
});
root.SetAction(async (parse, cancellation) =>
{
    try
    {
        var slurm = parse.GetValue(executor) == "slurm"
            ? new SlurmOptions(parse.GetValue(partition), parse.GetValue(account), parse.GetValue(time), parse.GetValue(memory), parse.GetValue(gres),
                parse.GetValue(sbatchArguments) ?? [], parse.GetValue(pollSeconds) ?? 10)
            : null;
        if (slurm is not null) SlurmExecutor.CheckCluster(slurm);
        var tools = Tools.Locate();
        KernelEnvironment.Apply(tools);
        var chosen = ExperimentPresets.Find(parse.GetValue(preset)!);
        var folder = Path.GetFullPath(parse.GetValue(run) ?? Path.Combine(tools.RepositoryRoot, "runs", $"experiment-{chosen.Name}"));
        var options = new ExperimentOptions(chosen, parse.GetValue(data) is { } d ? Path.GetFullPath(d) : null, folder,
            parse.GetValue(seeds) ?? chosen.DefaultSeeds, parse.GetValue(count), parse.GetValue(jobs) ?? Environment.ProcessorCount,
            parse.GetValue(commandLine) ?? Environment.CommandLine, parse.GetValue(segPrecision)!, slurm, parse.GetValue(generatorSeed),
            parse.GetValue(transformSynthetic), parse.GetValue(syntheticPerReal), parse.GetValue(tumours)!,
            parse.GetValue(comparatorSeeds) ?? chosen.ComparatorSeeds);
        Console.CancelKeyPress += (_, _) => ToolRun.KillAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ToolRun.KillAll();
        if (parse.GetValue(stage) is { } name)
        {
            await new ExperimentRunner(parse.GetValue(fold) is { } f ? FoldedExperiment.ForFold(options, f) : options, tools).RunStageAsync(name);
            return 0;
        }
        RunOptionsGuard.Check(options);
        if (chosen.CurvePoint is not null) await new LearningCurve(options, tools).RunAsync();
        else if (chosen.Folds > 0) await new FoldedExperiment(options, tools).RunAsync();
        else await new ExperimentRunner(options, tools).RunAsync();
        return 0;
    }
    catch (SlurmException e)
    {
        Console.Error.WriteLine($"brainaug-experiment: {e.Message}");
        ToolRun.KillAll();
        return 2;
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

// One line naming the choices (System.CommandLine's AcceptOnlyFromAmong prints one per line).
static void AcceptOne(Option<string> option, string[] choices) => option.Validators.Add(r =>
{
    if (!choices.Contains(r.GetValueOrDefault<string>()))
        r.AddError($"{option.Name} must be {string.Join(", ", choices[..^1])} or {choices[^1]}");
});
