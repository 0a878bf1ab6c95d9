using System.CommandLine;
using BrainAug.Contracts;
using BrainAug.Contracts.Training;
using BrainAug.Trainer.Training;

namespace BrainAug.Trainer.Commands;

/// <summary>The options every training command shares; unset ones keep the preset's value.</summary>
internal sealed class TrainingOptions
{
    private readonly Option<string?> _region = WordOption<TargetRegion>("--region", "Target: et, tc, wt, multiclass (softmax over the classes) or regions (WT, TC, ET as three sigmoid channels); default et, as the study");
    private readonly Option<string?> _policy = new("--policy") { Description = "Slices: z<index> (study z77), tumour[:<min voxels>], max (one per case: the slice with the most target) or all" };
    private readonly Option<int?> _size = new("--size") { Description = "Slice side in pixels" };
    private readonly Option<int?> _batch = new("--batch") { Description = "Batch size" };
    private readonly Option<int?> _epochs = new("--epochs") { Description = "Epochs" };
    private readonly Option<double?> _learningRate = new("--lr") { Description = "Adam learning rate" };
    private readonly Option<ulong?> _seed = new("--seed") { Description = "Seed for initialisation, batches and augmentation (default 1)" };
    private readonly Option<ulong?> _splitSeed = new("--split-seed") { Description = "Seed of the train/validation/test split by case (default 1; independent of --seed)" };
    private readonly Option<string?> _split = new("--split-file") { Description = "split.json to train on (written once per dataset by the experiment, or by brainaug-trainer slices); without it the split is made from --split-seed, --validation and --test" };
    private readonly Option<string?> _store = new("--store") { Description = "Slice store prepared from --data (brainaug-trainer prepare) to read the slices from instead of decoding the NIfTI files" };
    private readonly Option<bool> _inMemory = new("--in-memory") { Description = "With --store: read every slice into memory before training (faster where it fits) instead of a batch at a time" };
    private readonly Option<double?> _validation = new("--validation") { Description = "Fraction of cases held out for validation (default 0.1)" };
    private readonly Option<double?> _test = new("--test") { Description = "Fraction of cases held out for test, never trained on (default 0.2)" };
    private readonly Option<string?> _device = new("--device") { Description = "auto (the GPU when this is a CUDA build, BRAINAUG_TORCH_BACKEND=cuda, and TorchSharp sees one; else the CPU), cpu or cuda" };
    private readonly Option<int?> _threads = new("--threads") { Description = "CPU threads for libtorch (default: one per core). Results are bit-identical only between runs with the same count" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _region, _policy, _size, _batch, _epochs, _learningRate, _seed, _splitSeed, _split, _store, _inMemory, _validation, _test, _device, _threads })
            command.Options.Add(option);
        _device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        _size.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 8 or > 1024) r.AddError("--size must be 8..1024"); });
        _batch.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--batch must be at least 1"); });
        _epochs.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--epochs must be at least 1"); });
        _threads.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 1024) r.AddError("--threads must be 1..1024"); });
        _learningRate.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is <= 0) r.AddError("--lr must be positive"); });
        foreach (var fraction in new[] { _validation, _test })
            fraction.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is < 0 or >= 1) r.AddError($"{r.Option.Name} must lie in [0, 1)"); });
    }

    /// <summary>The preset's config with the options given on the command line and the command line itself.</summary>
    public T Apply<T>(ParseResult parse, T config, string commandLine) where T : TrainingConfig => (T)(config with
    {
        Command = commandLine,
        Region = Word<TargetRegion>(parse, _region) ?? config.Region,
        Policy = parse.GetValue(_policy) ?? config.Policy,
        Size = parse.GetValue(_size) ?? config.Size,
        BatchSize = parse.GetValue(_batch) ?? config.BatchSize,
        Epochs = parse.GetValue(_epochs) ?? config.Epochs,
        LearningRate = parse.GetValue(_learningRate) ?? config.LearningRate,
        Seed = parse.GetValue(_seed) ?? config.Seed,
        SplitSeed = parse.GetValue(_splitSeed) ?? config.SplitSeed,
        SplitFile = parse.GetValue(_split) is { } split ? Path.GetFullPath(split) : config.SplitFile,
        Store = parse.GetValue(_store) is { } store ? Path.GetFullPath(store) : config.Store,
        InMemory = parse.GetValue(_inMemory) || config.InMemory,
        Validation = parse.GetValue(_validation) ?? config.Validation,
        Test = parse.GetValue(_test) ?? config.Test,
        Device = parse.GetValue(_device) ?? config.Device,
        Threads = parse.GetValue(_threads) ?? config.Threads,
    });

    /// <summary>An option whose values are a contract enum's words (the same in config.json).</summary>
    public static Option<string?> WordOption<T>(string name, string description) where T : struct, Enum
    {
        var option = new Option<string?>(name) { Description = description };
        option.AcceptOnlyFromAmong(Words.All<T>());
        return option;
    }

    public static T? Word<T>(ParseResult parse, Option<string?> option) where T : struct, Enum =>
        parse.GetValue(option) is { } word ? Words.Parse<T>(word) : null;
}

/// <summary>The --preset option of the training commands.</summary>
internal static class PresetOption
{
    public static Option<string> Create(string paper) =>
        new Option<string>("--preset") { Description = $"paper ({paper}), small (small widths and sides: minutes on 2 cores) or tiny (networks for tests: seconds)", DefaultValueFactory = _ => "small" }
            .AcceptingOnly(Presets.Names);

    private static Option<string> AcceptingOnly(this Option<string> option, string[] names)
    {
        option.AcceptOnlyFromAmong(names);
        return option;
    }
}

/// <summary>The --modalities option of the commands that read images (seg, brain).</summary>
internal static class ModalitiesOption
{
    public static Option<string?> Create() =>
        new("--modalities") { Description = "Image channels, comma-separated: flair,t1,t1ce,t2 (default t1ce, as the study)" };
}
