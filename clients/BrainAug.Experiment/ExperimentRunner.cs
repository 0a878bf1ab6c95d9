using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.Experiment.Slurm;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Experiment;

/// <summary>
/// The experiment, stage by stage, into one run folder:
///   data      the embedded phantom (or --data: a BraTS or MSD folder), split.json, written once, and the slice store
///             (RUN/store: each case decoded once; every training reads its slices from it)
///   tumour    the Tumour Generator (DCGAN), exported to RUN/models
///   brain     the Brain Generator (pix2pix), exported to RUN/models
///   seg       Seg-DNN (U-Net) per arm and seed, exported to RUN/models (N = the real arm's training images, as the study)
///   augment   brainaug-client augment writes the N synthetic pairs (RUN/synthetic), served by brainaug-server
///   evaluate  brainaug-client evaluate scores every Seg-DNN on the real test cases (RUN/evaluation)
///   report    brainaug-report writes RUN/report/report.html, report.md and report.json
/// The stages between data and report (<see cref="ExperimentPlan"/>) run as local processes (--jobs at a time) or,
/// with --executor slurm, as Slurm array tasks (<see cref="SlurmExecutor"/>); data and report run here either way.
/// An interrupted or crashed training resumes from its checkpoint (see TrainAsync), an interrupted augmentation from
/// its last written sample, and an export of weights already published reuses their version.
/// Every training runs on one thread, so that side-by-side trainings share the cores and give the same bits whatever
/// the core count.
/// </summary>
public sealed class ExperimentRunner(ExperimentOptions options, Tools tools)
{
    private readonly ExperimentPreset _preset = options.Preset;
    private readonly string _run = options.Run;
    private readonly ExperimentLayout _layout = new(options.Run);
    private readonly StageCommands _commands = new(options);
    private readonly Stages _stages = new(new ExperimentLayout(options.Run), options.Jobs);
    private readonly IReadOnlyList<PlannedStage> _plan = ExperimentPlan.For(options.Seeds, options.ComparatorSeeds, options.Preset.Arms);
    private string Data => _commands.Data;
    private readonly RestartLog _restarts = new(options.Run);

    public async Task RunAsync()
    {
        Directory.CreateDirectory(_layout.Stages);
        Directory.CreateDirectory(_layout.Logs);
        Stages.Say($"run folder {_run} (preset {_preset.Name}, {SeedsSaid(options)})");
        var slurm = options.Slurm is { } cluster ? SlurmExecutor.Connect(_layout, options, cluster, _plan, _stages) : null;
        await _stages.RunAsync("data", PrepareDataAsync);
        if (slurm is null) await RunLocallyAsync();
        else await slurm.RunAsync();

        var (realImages, n) = TrainingImages();
        ContractFile.Write(_layout.Record, new ExperimentRecord
        {
            CommandLine = options.CommandLine, Preset = _preset.Name, GitCommit = tools.GitCommit(), Data = Data, SplitFile = _layout.SplitFile,
            SplitSeed = 1, Seeds = options.Seeds, ComparatorSeeds = options.ComparatorSeeds, GeneratorSeed = options.GeneratorSeed, RealTrainingImages = realImages, N = n, SyntheticPerReal = options.SyntheticPerReal, Tumours = options.Tumours, Arms = [.. ExperimentArms.All.Where(_preset.Arms.Contains)],
            Executor = slurm is null ? "local" : "slurm", SlurmJobs = slurm?.JobIds,
        });
        await _stages.RunAsync("report", async s =>
        {
            DeleteFolder(_layout.Report);
            await s.ToolAsync(tools.Report, ["--run", _run]);
        });
        Stages.Say($"done: open {Path.Combine(_layout.Report, "report.html")} (also report.md, report.json)");
    }

    /// <summary>One planned stage in this process, as a Slurm array task runs it (see <see cref="SlurmJobScript"/>).</summary>
    public async Task RunStageAsync(string name)
    {
        var stage = _plan.FirstOrDefault(s => s.Name == name)
                    ?? throw new InvalidOperationException($"--stage {name}: no such stage in this plan ({string.Join(", ", _plan.Select(s => s.Name))})");
        if (!_stages.IsDone("data")) throw new InvalidOperationException($"--stage {name}: the data stage of {_run} is not done; run the experiment's command");
        await _stages.StartAsync(stage.Name, StepsOf(stage));
        await _stages.WaitAllAsync();
    }

    /// <summary>The plan as local processes: trainings side by side (at most --jobs), each served stage once its
    /// needs are done while the other trainings go on.</summary>
    private async Task RunLocallyAsync()
    {
        foreach (var stage in _plan)
        {
            await _stages.WaitForAsync([.. stage.Needs]);
            if (stage.IsTraining) await _stages.StartAsync(stage.Name, StepsOf(stage));
            else await _stages.RunAsync(stage.Name, StepsOf(stage));
        }
        await _stages.WaitAllAsync();
    }

    private Func<StageSteps, Task> StepsOf(PlannedStage stage) => stage.Kind switch
    {
        StageKind.Generator when stage.Name == ExperimentLayout.BrainTraining =>
            s => GeneratorAsync(s, "brain", stage.Name, ModelNames.BrainGenerator, _commands.Brain),
        StageKind.Generator => s => GeneratorAsync(s, "tumour", stage.Name, ModelNames.TumourGenerator, _commands.Tumour),
        StageKind.SegArm => s => SegArmAsync(s, stage.Arm!, stage.Seed),
        StageKind.Augment => AugmentAsync,
        StageKind.Evaluate => EvaluateAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage.Kind, "not a stage kind"),
    };

    /// <summary>The real arm's training images and N (as the study: N = 290 = its real images, unless --count).</summary>
    private (int RealImages, int N) TrainingImages()
    {
        var summary = Path.Combine(TrainingFolder(ExperimentArms.ModelName(ExperimentArms.Real, 1)), RunSummary.FileName);
        var realImages = ContractFile.Read<RunSummary>(summary).TrainingImages;
        return (realImages, options.Count ?? realImages);
    }

    /// <summary>brainaug-client augment writes the N synthetic pairs, served by brainaug-server from the run's models
    /// (a client run again keeps the pairs already written).</summary>
    private async Task AugmentAsync(StageSteps steps)
    {
        var (realImages, n) = TrainingImages();
        Stages.Say($"real training images: {realImages}; N = {n} geometric copies and {options.SyntheticPairs(n)} synthetic pairs");
        await ServedClientAsync(steps, keepsWork: true, server => Task.FromResult(_commands.Augment(server.Endpoint, n)));
    }

    /// <summary>brainaug-client evaluate scores every Seg-DNN, served by brainaug-server, on the real test cases.</summary>
    private async Task EvaluateAsync(StageSteps steps)
    {
        var models = ExperimentPlan.SegModels(options.Seeds, options.ComparatorSeeds, _preset.Arms);
        await ServedClientAsync(steps, keepsWork: false, async server =>
        {
            await server.WaitForModelsAsync(models);
            DeleteFolder(_layout.Evaluation);
            return _commands.Evaluate(server.Endpoint, models);
        });
    }

    /// <summary>
    /// The client against a brainaug-server of its own on the run's models. A client that exits with status 3 (the
    /// server unreachable, or a call past its deadline) runs again against a new server, at most
    /// <see cref="ServedAttempts"/> runs in all, each restart recorded in restarts.json: on a loaded 2-core machine one
    /// evaluation call once waited out its 120 s deadline (cause not found), and that stopped a whole main job.
    /// </summary>
    private async Task ServedClientAsync(StageSteps steps, bool keepsWork, Func<ServedRepository, Task<string[]>> command)
    {
        for (var attempt = 1; ; attempt++)
        {
            int code;
            using (var server = await ServedRepository.StartAsync(tools, _layout.Models, _stages.LogPath(steps.Name + "-server")))
                code = await steps.TryToolAsync(tools.Client, await command(server));
            if (code == 0) return;
            if (code != ServerFailure || attempt == ServedAttempts || ToolRun.Stopping) throw steps.Failure(code);
            _restarts.Record(steps.Name, $"the client exited with status {code}, the server unreachable or too slow (run {attempt} of at most {ServedAttempts}); a new server", keepsWork);
        }
    }

    private const int ServedAttempts = 3, ServerFailure = 3;

    private string TrainingFolder(string name) => _layout.Training(name);

    /// <summary>The phantom (unless --data), then split.json (the one split every later stage reads) and the slice store.</summary>
    private async Task PrepareDataAsync(StageSteps steps)
    {
        if (options.Data is null)
        {
            DeleteFolder(Data);
            await steps.ToolAsync(tools.Trainer, _commands.Phantom);
        }
        var dataset = BrainDataset.Open(Data);
        var split = _preset.Fold is { } fold
            ? DatasetSplit.MakeFold(dataset, _preset.Folds, fold, _preset.Validation, seed: 1)
            : DatasetSplit.Make(dataset, _preset.Validation, _preset.Test, seed: 1);
        if (_preset.TrainingCases is { } cases) split = LearningCurve.KeepTrainingCases(split, cases);
        ContractFile.Write(_layout.SplitFile, split);
        await steps.ToolAsync(tools.Trainer, _commands.Prepare);
    }

    private async Task GeneratorAsync(StageSteps steps, string network, string name, string model, string[] arguments)
    {
        await TrainAsync(steps, network, name, arguments);
        await steps.ToolAsync(tools.Exporter, _commands.Export(name, model));
    }

    private async Task SegArmAsync(StageSteps steps, string arm, int seed)
    {
        var name = ExperimentArms.ModelName(arm, seed);
        await TrainAsync(steps, "seg", name, _commands.SegArm(arm, seed));
        await steps.ToolAsync(tools.Exporter, _commands.Export(name, name));
    }

    /// <summary>
    /// A training on one thread. A finished one (its summary.json exists) is not run again. One that an earlier
    /// invocation left unfinished resumes from its checkpoint; one that dies (a crash inside libtorch, a kill) is
    /// resumed the same way, at most <see cref="TrainingAttempts"/> runs in all, each restart recorded in restarts.json;
    /// then, or at once for a user error (exit status 2, which a rerun repeats), the stage fails with its log's tail.
    /// </summary>
    private async Task TrainAsync(StageSteps steps, string network, string name, string[] arguments)
    {
        var folder = TrainingFolder(name);
        if (File.Exists(Path.Combine(folder, RunSummary.FileName))) return;
        if (HasCheckpoint(folder)) _restarts.Record(steps.Name, "left unfinished by an interrupted experiment", fromCheckpoint: true);
        for (var attempt = 1; ; attempt++)
        {
            var resume = HasCheckpoint(folder);
            if (!resume) DeleteFolder(folder);
            var code = await steps.TryToolAsync(tools.Trainer, _commands.Training(network, name, resume, arguments));
            if (code == 0) return;
            if (code == UserError || attempt == TrainingAttempts || ToolRun.Stopping) throw steps.Failure(code);
            _restarts.Record(steps.Name, $"the training exited with status {code} (run {attempt} of at most {TrainingAttempts})", HasCheckpoint(folder));
        }
    }

    private const int TrainingAttempts = 3, UserError = 2;

    private static bool HasCheckpoint(string folder) => File.Exists(Path.Combine(folder, TrainingRunFiles.Checkpoint));

    /// <summary>"5 seed(s)", or "1 seed(s), geometric 2" when the geometric arm trains more.</summary>
    public static string SeedsSaid(ExperimentOptions options) =>
        $"{options.Seeds} seed(s)" + (options.ComparatorSeeds == 1 ? "" : $", geometric {options.SeedsOf(ExperimentArms.Geometric).Count}");

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
