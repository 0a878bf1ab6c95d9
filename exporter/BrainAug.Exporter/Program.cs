using System.CommandLine;
using BrainAug.Exporter;
using BrainAug.Exporter.Onnx;

var run = new Option<string>("--run") { Description = "A brainaug-trainer run folder (seg, tumour or brain)", Required = true };
var repository = new Option<string>("--repo") { Description = "Model repository root (Triton layout)", DefaultValueFactory = _ => "models" };
var model = new Option<string?>("--model") { Description = "Model name (default: seg-dnn, tumour-generator or brain-generator)" };
var version = new Option<int?>("--version") { Description = "Version number (default: the next free one; an existing version is never overwritten)" };
var weights = new Option<string>("--weights") { Description = "For seg runs: best (early-stopping choice) or final", DefaultValueFactory = _ => "best" };
weights.AcceptOnlyFromAmong("best", "final");
var maxBatch = new Option<int>("--max-batch") { Description = "max_batch_size written to Triton's config.pbtxt", DefaultValueFactory = _ => 64 };
version.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--version must be at least 1"); });

var export = new Command("export", "Write a trained network as an ONNX graph (opset 17, dynamic batch), check it against TorchSharp with ONNX Runtime, and publish it as a new version.")
{
    run, repository, model, version, weights, maxBatch,
};
export.SetAction(parse =>
{
    try
    {
        var commandLine = "brainaug-exporter " + string.Join(' ', args);
        var (folder, metadata) = RunExporter.Export(new ExportRequest(parse.GetValue(run)!, parse.GetValue(repository)!, parse.GetValue(model), parse.GetValue(version), parse.GetValue(weights)!, parse.GetValue(maxBatch), commandLine));
        Console.WriteLine($"{metadata.Model} version {metadata.Version} -> {folder} (parity {metadata.ParityMaxRelativeDifference:E1}, sha256 {metadata.Sha256[..12]})");
        return 0;
    }
    catch (Exception e) when (e is ExportException or UnsupportedLayerException or ParityException or IOException or ArgumentException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
});
return new RootCommand("BrainAug exporter: trained TorchSharp networks -> ONNX graphs in a versioned model repository.") { export }.Parse(args).Invoke();
