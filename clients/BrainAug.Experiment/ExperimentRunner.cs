using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
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
    private string Data => _commands.Data;
    private readonly RestartLog _restarts = new(options.Run);

    public async Task RunAsync()
    {
        Directory.CreateDirectory(_layout.Stages);
        Directory.CreateDirectory(_layout.Logs);
        var stages = new Stages(_layout, options.Jobs);
        Stages.Say($"run folder {_run} (preset {_preset.Name}, {options.Seeds} seed(s))");
        await stages.RunAsync("data", PrepareDataAsync);

        // The generators and the arms that need no synthetic data train side by side (the brain generator, the longest, first).
        await stages.StartAsync(ExperimentLayout.BrainTraining, s => GeneratorAsync(s, "brain", ExperimentLayout.BrainTraining, ModelNames.BrainGenerator, _commands.Brain));
        await stages.StartAsync(ExperimentLayout.TumourTraining, s => GeneratorAsync(s, "tumour", ExperimentLayout.TumourTraining, ModelNames.TumourGenerator, _commands.Tumour));
        foreach (var seed in SeedList)
            foreach (var arm in new[] { ExperimentArms.Real, ExperimentArms.Geometric })
                await stages.StartAsync(ExperimentArms.ModelName(arm, seed), s => SegArmAsync(s, arm, seed));
        // The augmentation needs the generators and N, not the other arms: the last real and geometric trainings go on
        // beside it and queue with the synthetic arms (waiting for all of them left a core idle for 90 s on 2 cores).
        var realFirst = ExperimentArms.ModelName(ExperimentArms.Real, 1);
        await stages.WaitForAsync(ExperimentLayout.BrainTraining, ExperimentLayout.TumourTraining, realFirst);

        // N: the real training images of the real arm (as the study: N = 290 = its real images).
        var realImages = ContractFile.Read<RunSummary>(Path.Combine(TrainingFolder(realFirst), RunSummary.FileName)).TrainingImages;
        var n = options.Count ?? realImages;
        Stages.Say($"real training images: {realImages}; N = {n} synthetic pairs and geometric copies");

        using (var server = await ServedRepository.StartAsync(tools, _layout.Models, stages.LogPath("server")))
        {
            await stages.RunAsync("augment", s => s.ToolAsync(tools.Client, _commands.Augment(server.Endpoint, n)));

            foreach (var seed in SeedList)
                foreach (var arm in new[] { ExperimentArms.Both, ExperimentArms.SyntheticOnly, ExperimentArms.Synthetic })
                    await stages.StartAsync(ExperimentArms.ModelName(arm, seed), s => SegArmAsync(s, arm, seed));
            await stages.WaitAllAsync();

            var models = ExperimentArms.All.SelectMany(arm => SeedList.Select(seed => ExperimentArms.ModelName(arm, seed))).ToList();
            await stages.RunAsync("evaluate", async s =>
            {
                await server.WaitForModelsAsync(models);
                DeleteFolder(_layout.Evaluation);
                await s.ToolAsync(tools.Client, _commands.Evaluate(server.Endpoint, models));
            });
        }

        ContractFile.Write(_layout.Record, new ExperimentRecord
        {
            CommandLine = options.CommandLine, Preset = _preset.Name, GitCommit = tools.GitCommit(), Data = Data, SplitFile = _layout.SplitFile,
            SplitSeed = 1, Seeds = options.Seeds, RealTrainingImages = realImages, N = n, Arms = ExperimentArms.All,
        });
        await stages.RunAsync("report", async s =>
        {
            DeleteFolder(_layout.Report);
            await s.ToolAsync(tools.Report, ["--run", _run]);
        });
        Stages.Say($"done: open {Path.Combine(_layout.Report, "report.html")} (also report.md, report.json)");
    }

    private IEnumerable<int> SeedList => Enumerable.Range(1, options.Seeds);

    private string TrainingFolder(string name) => _layout.Training(name);

    /// <summary>The phantom (unless --data), then split.json (the one split every later stage reads) and the slice store.</summary>
    private async Task PrepareDataAsync(StageSteps steps)
    {
        if (options.Data is null)
        {
            DeleteFolder(Data);
            await steps.ToolAsync(tools.Trainer, _commands.Phantom);
        }
        DatasetSplit.Write(_layout.SplitFile, BrainDataset.Open(Data), _preset.Validation, _preset.Test, seed: 1);
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

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
