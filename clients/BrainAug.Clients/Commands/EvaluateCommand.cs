using System.CommandLine;
using BrainAug.Clients.Evaluation;
using BrainAug.Contracts.Models;

namespace BrainAug.Clients.Commands;

/// <summary>brainaug-client evaluate: segments a test set through the server and writes per-image and per-case metrics.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var data = new Option<string>("--data") { Description = "dataset to score (BraTS, MSD or a synthetic dataset)", Required = true };
        var models = new Option<string[]>("--model")
        {
            Description = "segmenter, name or name:version; repeat it to compare several on the same slices",
            DefaultValueFactory = _ => [ModelNames.SegDnn],
        };
        var threshold = new Option<float>("--threshold") { Description = "probability threshold of the masks", DefaultValueFactory = _ => 0.5f };
        var split = new Option<string>("--split") { Description = "cases to score: test, validation, train or all", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("test", "validation", "train", "all");
        var validation = new Option<double>("--val") { Description = "validation fraction of the trainer's split", DefaultValueFactory = _ => 0.1 };
        validation.Aliases.Add("--validation"); // the trainer's name for it
        var test = new Option<double>("--test") { Description = "test fraction of the trainer's split", DefaultValueFactory = _ => 0.2 };
        var splitFile = SplitFileOption.Create();
        var store = StoreOption.Create();
        var splitSeed = new Option<ulong>("--split-seed") { Description = "seed of the trainer's case split", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "slices per Segment call", DefaultValueFactory = _ => 8 };
        var output = new Option<string>("--out") { Description = "folder for per_image.csv, per_case.csv and summary.json", Required = true };
        var modelCards = new Option<string?>("--model-cards")
        {
            Description = "model repository the server serves: write the test metrics into each scored version's model_card.md (with --split test only)",
        };

        var command = new Command("evaluate", "Segment a dataset's test cases through brainaug-server and report Dice, IoU, HD95 (mm), precision, recall and area error per image and per case, plus the study's pooled Dice.");
        foreach (var option in new Option[] { data, models, threshold, split, validation, test, splitSeed, splitFile, store, batch, output, modelCards }) command.Options.Add(option);
        common.AddTo(command);
        threshold.Validators.Add(r => { if (r.GetValueOrDefault<float>() is not (> 0 and <= 1)) r.AddError("--threshold must lie in (0, 1]"); });
        command.Validators.Add(r =>
        {
            // null: the default, test. Whether the folder exists is checked when the command runs, as for --data.
            if (r.GetValue(modelCards) is not null && r.GetValue(split) is { } chosen && chosen != "test")
                r.AddError("--model-cards records test metrics: use it with --split test");
        });
        batch.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 256) r.AddError("--batch must lie in 1..256"); });

        command.SetAction((parse, cancellation) => ClientErrors.RunAsync(parse.GetValue(common.Verbose), async () =>
        {
            var cards = parse.GetValue(modelCards) is { } repository ? Path.GetFullPath(repository) : null;
            if (cards is not null && !Directory.Exists(cards)) // before any slice is segmented
                throw new ArgumentException($"--model-cards {parse.GetValue(modelCards)} is not a folder (give the model repository the server serves)");
            var settings = new EvaluateSettings(Path.GetFullPath(parse.GetValue(data)!), parse.GetValue(models)!, parse.GetValue(threshold), parse.GetValue(split)!,
                parse.GetValue(validation), parse.GetValue(test), parse.GetValue(splitSeed), parse.GetValue(batch), Environment.CommandLine,
                parse.GetValue(splitFile) is { } splitPath ? Path.GetFullPath(splitPath) : null, StoreOption.Value(parse, store),
                cards);
            using var connection = common.Connect(parse);
            using var protocol = common.OpenProtocol(parse, connection);
            var results = await new EvaluationRun(protocol, settings).RunAsync(cancellation);
            return EvaluationReport.Write(Path.GetFullPath(parse.GetValue(output)!), settings, results);
        }));
        return command;
    }
}
