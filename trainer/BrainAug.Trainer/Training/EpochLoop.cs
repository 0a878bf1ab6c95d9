using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>What one epoch of a training reports: its epochs.csv row (the columns after "epoch"), the losses that must
/// be finite for it to count, its console summary, and what to keep once it does count (the Seg-DNN's best weights).</summary>
public sealed record EpochOutcome(double[] Row, double[] Losses, string Summary, Action? Keep = null);

/// <summary>
/// The epoch scaffold the three trainings share: resume from the checkpoint, reseed libtorch per epoch, then after every
/// epoch check its losses (<see cref="Divergence"/>), keep what it made, append its row to epochs.csv, redraw loss.png,
/// save the checkpoint and print the epoch's line; at the end summary.json. Each training supplies its networks and
/// the body of an epoch; the body counts its steps and records improvements in <see cref="Progress"/>. Started is when
/// the run began (before its data loaded), for summary.json.
/// </summary>
public sealed class EpochLoop(RunDirectory run, TrainingConfig config, DateTimeOffset started, string plotTitle, string[] columns, string[] plotted, int stepsPerEpoch)
{
    private IReadOnlyList<nn.Module> _networks = [];
    private IReadOnlyList<OptimizerHelper> _optimizers = [];
    private IReadOnlyList<Tensor>? _extraState;

    public TrainingProgress Progress { get; set; } = new(0, 0, double.PositiveInfinity, 0);

    public ProgressLine Bar { get; } = new(config.Epochs, stepsPerEpoch, config.BatchSize);

    /// <summary>Counts one optimisation step; returns its number.</summary>
    public long NextStep()
    {
        Progress = Progress with { Step = Progress.Step + 1 };
        return Progress.Step;
    }

    /// <summary>The networks and optimisers (and extra state) the checkpoint holds, restored from it on --resume.</summary>
    public void Restore(bool resume, IReadOnlyList<nn.Module> networks, IReadOnlyList<OptimizerHelper> optimizers, IReadOnlyList<Tensor>? extraState = null)
    {
        (_networks, _optimizers, _extraState) = (networks, optimizers, extraState);
        Progress = run.Restore(resume, networks, optimizers, extraState);
    }

    /// <summary>Runs the epochs not run yet, until <paramref name="stop"/> says so.</summary>
    public void Run(Func<int, EpochOutcome> epoch, Func<bool>? stop = null)
    {
        var history = run.ReadEpochHistory(TrainingRunFiles.EpochsCsv, plotted);
        var lossPlot = new LossPlot(run.File("loss.png"), plotTitle);
        var header = string.Join(',', ["epoch", .. columns]);
        for (var e = Progress.NextEpoch; e < config.Epochs && stop?.Invoke() != true; e++)
        {
            random.manual_seed(Batches.TorchSeed(config.Seed, e));
            var outcome = epoch(e);
            Divergence.Check(config.Kind.ToString().ToLowerInvariant(), e, outcome.Losses);
            outcome.Keep?.Invoke();
            Progress = Progress with { NextEpoch = e + 1 };
            run.AppendCsv(TrainingRunFiles.EpochsCsv, header, [e, .. outcome.Row.Cast<object>()]);
            foreach (var column in plotted) history[column].Add(outcome.Row[Array.IndexOf(columns, column)]);
            lossPlot.Write(history);
            Checkpoint.Save(run.CheckpointPath, Progress, _networks, _optimizers, _extraState);
            Bar.EndEpoch(e, outcome.Summary);
        }
    }

    /// <summary>summary.json: what the run trained on and with, and how long it took.</summary>
    public void WriteSummary(string device, Precision precision, string precisionReason, int trainingImages, int realTrainingImages, int validationImages, double? bestValidationLoss)
    {
        var finished = DateTimeOffset.Now;
        run.WriteSummary(new RunSummary
        {
            Kind = config.Kind, TrainingImages = trainingImages, RealTrainingImages = realTrainingImages, ValidationImages = validationImages,
            Device = device, Precision = precision, PrecisionReason = precisionReason, EpochsRun = Progress.NextEpoch,
            BestValidationLoss = bestValidationLoss, Started = started, Finished = finished, Seconds = (finished - started).TotalSeconds,
            BrainAugVersion = ProductVersion.Current,
        });
    }
}
