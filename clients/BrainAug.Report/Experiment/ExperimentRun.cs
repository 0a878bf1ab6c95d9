using System.Globalization;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Evaluation;
using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;

namespace BrainAug.Report.Experiment;

/// <summary>
/// An experiment's run folder (brainaug-experiment): experiment.json plus fixed places for everything else
/// (split.json, train/, models/, synthetic/, evaluation/, logs/). Opening it reads every contract file the report
/// needs through its record type and checks that every part the report reads exists.
/// </summary>
public sealed class ExperimentRun
{
    private ExperimentRun(string folder, ExperimentRecord record, SegConfig seg, SplitFile split, BrainConfig? brain)
    {
        Folder = folder;
        Record = record;
        Seg = seg;
        Split = split;
        Brain = brain;
        Seeds = [.. Enumerable.Range(1, record.Seeds)];
    }

    public string Folder { get; }

    /// <summary>experiment.json (command line, preset, data, N, git commit).</summary>
    public ExperimentRecord Record { get; }

    /// <summary>The real arm's first Seg-DNN config: the slice settings every arm trained with, which the report
    /// uses to cut the same real slices.</summary>
    public SegConfig Seg { get; }

    /// <summary>The run's split.json.</summary>
    public SplitFile Split { get; }

    /// <summary>The brain generator's config (train/brain/config.json), or null when the run has none.</summary>
    public BrainConfig? Brain { get; }

    public IReadOnlyList<string> Arms => Record.Arms;

    /// <summary>The trainings and served stages the experiment had to start again (restarts.json; none when absent).</summary>
    public IReadOnlyList<TrainingRestart> Restarts => TrainingRestarts.In(Folder).Restarts;

    /// <summary>The seeds every arm trained (1..--seeds); the geometric arm may have trained more, see <see cref="SeedsOf"/>.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>The seeds one arm trained (<see cref="ExperimentRecord.SeedsOf"/>).</summary>
    public IReadOnlyList<int> SeedsOf(string arm) => Record.SeedsOf(arm);

    public string Data => Record.Data;

    public int N => Record.N;

    /// <summary>The synthetic pairs the synthetic arms trained on: N x --synthetic-per-real.</summary>
    public int SyntheticPairs => Record.N * Record.SyntheticPerReal;

    public ExperimentLayout Layout => new(Folder);

    public string SyntheticFolder => Layout.Synthetic;

    public string EvaluationFolder => Layout.Evaluation;

    public string ModelsFolder => Layout.Models;

    public static string ModelName(string arm, int seed) => ExperimentArms.ModelName(arm, seed);

    public string TrainingFolder(string arm, int seed) => Layout.Training(ModelName(arm, seed));

    public static ExperimentRun Open(string folder)
    {
        var layout = new ExperimentLayout(folder);
        var path = layout.Record;
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist: --run must be a folder written by brainaug-experiment");
        var record = ContractFile.Read<ExperimentRecord>(path);
        var segPath = Path.Combine(layout.Training(ModelName(ExperimentArms.Real, 1)), TrainingConfig.FileName);
        if (!File.Exists(segPath)) throw new FileNotFoundException($"{segPath} does not exist: the real arm was not trained");
        var seg = ContractFile.Read<TrainingConfig>(segPath) as SegConfig ?? throw new InvalidDataException($"{segPath} is not a Seg-DNN run");
        var brainPath = Path.Combine(layout.Training(ExperimentLayout.BrainTraining), TrainingConfig.FileName);
        var brain = File.Exists(brainPath) ? ContractFile.Read<TrainingConfig>(brainPath) as BrainConfig : null;
        var run = new ExperimentRun(folder, record, seg, ContractFile.Read<SplitFile>(record.SplitFile), brain);
        run.CheckComplete();
        return run;
    }

    /// <summary>A Seg-DNN's validation loss per epoch (its epochs.csv).</summary>
    public double[] ValidationLosses(string arm, int seed)
    {
        var path = Path.Combine(TrainingFolder(arm, seed), TrainingRunFiles.EpochsCsv);
        return [.. EpochHistory.Read(path, "validation_loss")["validation_loss"]];
    }

    /// <summary>A training run's summary.json (the device it trained on, its images and times).</summary>
    public RunSummary Summary(string trainingFolder) => ContractFile.Read<RunSummary>(Path.Combine(trainingFolder, RunSummary.FileName));

    private void CheckComplete()
    {
        var missing = Arms.SelectMany(arm => SeedsOf(arm).Select(seed => Path.Combine(TrainingFolder(arm, seed), TrainingRunFiles.EpochsCsv)))
            .Append(Path.Combine(EvaluationFolder, EvaluationFiles.PerImageCsv)).Append(Path.Combine(EvaluationFolder, EvaluationFiles.SummaryFile))
            .Append(Path.Combine(SyntheticFolder, DatasetFiles.SyntheticManifest))
            .Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0) throw new FileNotFoundException($"the run is incomplete: {missing.Count} file(s) missing, first {missing[0]}");
    }

    /// <summary>The model.onnx of a model's latest version in the run's repository.</summary>
    public string ModelFile(string model) => ModelRepositoryLayout.LatestModelFile(ModelsFolder, model)
        ?? throw new FileNotFoundException($"model {model} has no version in {ModelsFolder}");
}
