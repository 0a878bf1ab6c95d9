using System.CommandLine;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Commands;

/// <summary>The options every training command shares; unset ones keep the preset's value.</summary>
internal sealed class TrainingOptions
{
    private readonly Option<string?> _modalities = new("--modalities") { Description = "Image channels, comma-separated: flair,t1,t1ce,t2 (default t1ce, as the study)" };
    private readonly Option<string?> _region = new("--region") { Description = "Target: et, tc, wt or multiclass (default et, as the study)" };
    private readonly Option<string?> _policy = new("--policy") { Description = "Slices: z<index> (study z77), tumour[:<min voxels>] or all" };
    private readonly Option<int?> _size = new("--size") { Description = "Slice side in pixels" };
    private readonly Option<int?> _batch = new("--batch") { Description = "Batch size" };
    private readonly Option<int?> _epochs = new("--epochs") { Description = "Epochs" };
    private readonly Option<double?> _learningRate = new("--lr") { Description = "Adam learning rate" };
    private readonly Option<ulong?> _seed = new("--seed") { Description = "Seed for the split, initialisation, batches and augmentation (default 1)" };
    private readonly Option<string?> _device = new("--device") { Description = "auto (CUDA when present), cpu or cuda" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _modalities, _region, _policy, _size, _batch, _epochs, _learningRate, _seed, _device })
            command.Options.Add(option);
        _region.AcceptOnlyFromAmong("et", "tc", "wt", "multiclass");
        _device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        _size.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 8 or > 1024) r.AddError("--size must be 8..1024"); });
        _batch.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--batch must be at least 1"); });
        _epochs.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--epochs must be at least 1"); });
        _learningRate.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is <= 0) r.AddError("--lr must be positive"); });
    }

    public CommonOverrides Read(ParseResult parse) => new(
        parse.GetValue(_modalities), parse.GetValue(_region), parse.GetValue(_policy), parse.GetValue(_size),
        parse.GetValue(_batch), parse.GetValue(_epochs), parse.GetValue(_learningRate), parse.GetValue(_seed), parse.GetValue(_device));
}

/// <summary>Values given on the command line; null means "keep the preset's".</summary>
internal sealed record CommonOverrides(
    string? Modalities, string? Region, string? Policy, int? Size, int? Batch, int? Epochs, double? LearningRate, ulong? Seed, string? Device);
