using System.CommandLine;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;
using BrainAug.Plotting;
using BrainAug.Report.Writing;

// brainaug-report: the experiment report of a scripts/main-job.sh run folder.
var run = new Option<string>("--run") { Description = "run folder written by scripts/main-job.sh (holds experiment.json)", Required = true };
var output = new Option<string?>("--out") { Description = "report folder (default: <run>/report); replaced when it exists" };
var points = new Option<int>("--max-points") { Description = "real and synthetic slices each in the PCA and t-SNE plots (t-SNE is quadratic)", DefaultValueFactory = _ => 300 };
var seed = new Option<ulong>("--seed") { Description = "seed of the subsampling, PCA start, t-SNE start and SSIM pairs", DefaultValueFactory = _ => 1 };
var verbose = new Option<bool>("--verbose") { Description = "print the stack trace of an error" };
points.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 4 or > 5000) r.AddError("--max-points must lie in 4..5000"); });

var root = new RootCommand("brainaug-report: writes the experiment's report (report.html, self-contained; report.md; report.json; figures/) " +
                           "from a main-job run folder: results per arm over seeds, paired differences, loss curves, sample grids, overlays, " +
                           "PCA and t-SNE of real vs synthetic, Frechet distance in the Seg-DNN encoder space, SSIM diversity, memorisation check.")
{
    run, output, points, seed, verbose,
};
root.SetAction(parse => Guarded(parse, () =>
{
    var settings = new ReportSettings(Path.GetFullPath(parse.GetValue(run)!), parse.GetValue(output), parse.GetValue(points), parse.GetValue(seed), Environment.CommandLine);
    Console.WriteLine(ReportBuilder.Write(settings, step => Console.WriteLine($"report: {step}")));
}));
var curveRun = new Option<string>("--run") { Description = "a learning curve's folder (brainaug-experiment --preset cpu-curve): its nNNN point folders", Required = true };
var curveOutput = new Option<string?>("--out") { Description = "output folder (default: <run>/curve); replaced when it exists" };
var curveSeed = new Option<ulong>("--seed") { Description = "seed of the bootstrap's resampling", DefaultValueFactory = _ => 1 };
var curve = new Command("curve", "writes a learning curve's figure and tables (curve.png, curve.md, curve.json): each arm's Dice against the real " +
                                 "training cases, and what each augmented arm is worth in real cases, with bootstrap intervals")
{
    curveRun, curveOutput, curveSeed, verbose,
};
curve.SetAction(parse => Guarded(parse, () => Console.WriteLine(BrainAug.Report.Curve.CurveReport.Write(
    Path.GetFullPath(parse.GetValue(curveRun)!), parse.GetValue(curveOutput), parse.GetValue(curveSeed), Environment.CommandLine))));
root.Subcommands.Add(curve);
var foldsRun = new Option<string[]>("--run")
{
    Description = "a cross-validation's folder (brainaug-experiment --preset cpu-folds): its foldN folders; repeat it to pool several " +
                  "cross-validations of one design (other draws of the data, or of the folds), which then needs --out",
    Required = true,
};
var foldsOutput = new Option<string?>("--out") { Description = "output folder (default, with one --run: <run>/folds); replaced when it exists" };
var foldsSeed = new Option<ulong>("--seed") { Description = "seed of the bootstrap's resampling", DefaultValueFactory = _ => 1 };
var folds = new Command("folds", "pools a cross-validation's folds (or several cross-validations') into folds.md and folds.json: the study's answer (synthetic - geometric, " +
                                 "both - geometric) and each arm against real, with intervals that also cover the folds' trainings")
{
    foldsRun, foldsOutput, foldsSeed, verbose,
};
folds.SetAction(parse => Guarded(parse, () => Console.WriteLine(BrainAug.Report.Folds.FoldsReport.Write(
    parse.GetValue(foldsRun)!, parse.GetValue(foldsOutput), parse.GetValue(foldsSeed), Environment.CommandLine))));
root.Subcommands.Add(folds);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"brainaug-report: {error.Message} (see --help)");
    return 2;
}
return parse.Invoke();

// One line and exit code 2 for anything the user can fix (a missing or unfinished run, unreadable files, no fonts).
int Guarded(ParseResult parse, Action work)
{
    try
    {
        work();
        return 0;
    }
    catch (Exception e) when (e is IOException or BrainAug.Contracts.ContractException or InvalidDataException or ArgumentException or DatasetException or NiftiFormatException
                                  or UnauthorizedAccessException or System.Text.Json.JsonException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or PlotTextException)
    {
        Console.Error.WriteLine($"brainaug-report: {e.Message}");
        if (parse.GetValue(verbose)) Console.Error.WriteLine(e);
        return 2;
    }
}
