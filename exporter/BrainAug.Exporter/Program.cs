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
var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace of an error", Recursive = true };
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
    catch (Exception e) when (e is ExportException or BrainAug.Contracts.ContractException or UnsupportedLayerException or ParityException or IOException or UnauthorizedAccessException or ArgumentException)
    {
        // A user's mistake (missing run, unwritable repository, ...): one line and exit code 2; the trace only with --verbose.
        Console.Error.WriteLine($"brainaug-exporter: {e.Message}");
        if (parse.GetValue(verbose)) Console.Error.WriteLine(e);
        return 2;
    }
});
var root = new RootCommand("BrainAug exporter: trained TorchSharp networks -> ONNX graphs in a versioned model repository.") { export };
root.Options.Add(verbose);
var parsed = root.Parse(args);
if (parsed.Errors.Count == 0) return parsed.Invoke();
foreach (var error in parsed.Errors) Console.Error.WriteLine($"brainaug-exporter: {error.Message} (see --help)");
return 2;
