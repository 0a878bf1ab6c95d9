using System.Diagnostics;
using System.Globalization;
using BrainAug.Contracts.Data;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;
using BrainAug.TestSupport;

namespace BrainAug.Benchmarks;

/// <summary>
/// BraTS at scale, on full-size phantom cases (240x240x155, four modalities: about a BraTS case), generated once and
/// cached under out/scale: the slice store's prepare time, a training's data-ready time, and the peak memory of a
/// training on every tumour slice at 240x240 with four modalities, each at two dataset sizes, with the slope per case
/// and the extrapolation to BraTS 2021's 1,251 cases (t(1251) = t(N) + slope x (1251 - N)).
/// </summary>
public static class ScaleBenchmark
{
    private const int Brats2021Cases = 1251;
    private const double Gib = 1024.0 * 1024 * 1024;

    public static void Run(BenchmarkReport report, bool quick, int cases)
    {
        var root = Path.Combine(Tools.RepositoryRoot, "out", "scale");
        var phantom = CachedPhantom(root, cases);
        var sizes = new[] { Math.Max(2, cases / 3), cases };
        var measured = sizes.Select(k => Measure(root, phantom, k, quick ? 10 : 45)).ToList();
        foreach (var m in measured)
        {
            report.Add("scale", $"prepare {m.Cases} full-size cases (store of 240x240, 4 modalities)",
                $"{m.PrepareSeconds:F1} s ({m.PrepareSeconds / m.Cases:F2} s/case)", $"{m.Slices} tumour slices, peak RSS {m.PrepareRss / Gib:F2} GiB");
            report.Add("scale", $"seg data-ready from the store, {m.Cases} cases", $"{m.ReadySeconds:F1} s",
                $"process start to its slices line; {m.FirstStepSeconds:F1} s to its first step (the head's prior reads every label first)");
            report.Add("scale", $"store opened and every tumour slice chosen, {m.Cases} cases", $"{m.OpenSeconds:F2} s",
                "in-process: what evaluate, the augmentation hosts and the report do before reading pixels");
            report.Add("scale", $"seg training peak RSS, {m.Cases} cases, every tumour slice", $"{m.TrainingRss / Gib:F2} GiB",
                $"batch 32, 240x240, 4 modalities, regions; sampled every 50 ms up to {m.TrainingSeconds:F0} s after the first step");
        }
        var (small, large) = (measured[0], measured[1]);
        var span = large.Cases - small.Cases;
        Extrapolate(report, "prepare", small.PrepareSeconds, large.PrepareSeconds, span, large.Cases, "s", 1 / 60.0, "min");
        Extrapolate(report, "seg data-ready", small.ReadySeconds, large.ReadySeconds, span, large.Cases, "s", 1, "s");
        Extrapolate(report, "seg first step", small.FirstStepSeconds, large.FirstStepSeconds, span, large.Cases, "s", 1, "s");
        Extrapolate(report, "store opened, slices chosen", small.OpenSeconds, large.OpenSeconds, span, large.Cases, "s", 1, "s");
        Extrapolate(report, "seg training peak RSS", small.TrainingRss / Gib, large.TrainingRss / Gib, span, large.Cases, "GiB", 1, "GiB");
    }

    private static void Extrapolate(BenchmarkReport report, string what, double small, double large, int span, int largeCases, string unit, double scale, string scaledUnit)
    {
        var slope = (large - small) / span;
        var brats = (large + slope * (Brats2021Cases - largeCases)) * scale;
        report.Add("scale", $"{what}: slope per case, and at {Brats2021Cases} cases", $"{slope:G3} {unit}/case",
            $"{brats:F2} {scaledUnit} = t({largeCases}) + slope x {Brats2021Cases - largeCases}");
    }

    private sealed record Measurement(int Cases, int Slices, double PrepareSeconds, long PrepareRss, double ReadySeconds, double FirstStepSeconds,
        double OpenSeconds, long TrainingRss, double TrainingSeconds);

    /// <summary>Prepares a store of the first <paramref name="cases"/> cases (a folder of links to them), then runs a seg
    /// training on it for <paramref name="trainSeconds"/> after its data is ready, sampling its memory.</summary>
    private static Measurement Measure(string root, string phantom, int cases, int trainSeconds)
    {
        var subset = Path.Combine(root, $"first-{cases}");
        if (!Directory.Exists(subset))
        {
            Directory.CreateDirectory(subset);
            foreach (var folder in Directory.GetDirectories(phantom).Order(StringComparer.Ordinal).Take(cases))
                Directory.CreateSymbolicLink(Path.Combine(subset, Path.GetFileName(folder)), folder);
        }
        var store = Path.Combine(root, $"store-{cases}");
        if (Directory.Exists(store)) Directory.Delete(store, recursive: true); // a cold prepare, every run
        var (prepareSeconds, prepareRss, _, _) = Sampled(["prepare", "--data", subset, "--out", store, "--policy", "tumour", "--size", "240"], stopAfterReady: null, null);
        var slices = BrainAug.Contracts.ContractFile.Read<SliceStoreManifest>(Path.Combine(store, SliceStoreManifest.FileName)).Cases.Sum(c => c.Slices.Count);
        var open = Stopwatch.StartNew();
        var source = SliceSource.Open(subset, store);
        var chosen = source.Store!.Slices(source.Dataset.Cases.Select(c => c.Id), SliceOptionsFactory.Create("flair,t1,t1ce,t2", "regions", "tumour", 240)).Count;
        var openSeconds = open.Elapsed.TotalSeconds;
        if (chosen != slices) throw new InvalidOperationException($"the store holds {slices} tumour slices but {chosen} were chosen");
        var training = Path.Combine(root, "seg");
        if (Directory.Exists(training)) Directory.Delete(training, recursive: true);
        var (_, trainingRss, ready, firstStep) = Sampled(["seg", "--data", subset, "--store", store, "--out", training, "--policy", "tumour", "--size", "240",
            "--modalities", "flair,t1,t1ce,t2", "--region", "regions", "--epochs", "1", "--base-width", "4", "--depth", "2", "--batch", "32",
            "--threads", "2", "--device", "cpu"], stopAfterReady: "training and", trainSeconds, Path.Combine(training, "steps.csv"));
        return new Measurement(cases, slices, prepareSeconds, prepareRss, ready, firstStep, openSeconds, trainingRss, trainSeconds);
    }

    /// <summary>Runs the trainer, sampling its peak resident memory (VmHWM) every 50 ms; with <paramref name="stopAfterReady"/>,
    /// notes when a line containing it appears and stops the process <paramref name="runOn"/> seconds later (and when
    /// <paramref name="stepsFile"/> first holds a step).</summary>
    private static (double Seconds, long PeakRss, double ReadySeconds, double FirstStepSeconds) Sampled(string[] arguments, string? stopAfterReady,
        int? runOn, string? stepsFile = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Tools.Trainer, .. arguments]) start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        double ready = double.NaN;
        process.OutputDataReceived += (_, line) =>
        {
            if (stopAfterReady is not null && double.IsNaN(ready) && line.Data?.Contains(stopAfterReady, StringComparison.Ordinal) == true)
                ready = clock.Elapsed.TotalSeconds;
        };
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, line) => errors.AppendLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peak = 0;
        var firstStep = double.NaN;
        while (!process.WaitForExit(50))
        {
            peak = Math.Max(peak, PeakRss(process.Id));
            if (stepsFile is not null && double.IsNaN(firstStep) && File.Exists(stepsFile) && File.ReadLines(stepsFile).Skip(1).Any())
                firstStep = clock.Elapsed.TotalSeconds;
            var trainingFrom = stepsFile is null ? ready : firstStep; // memory is sampled over steps, not only the start
            if (runOn is { } seconds && !double.IsNaN(trainingFrom) && clock.Elapsed.TotalSeconds > trainingFrom + seconds)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (clock.Elapsed.TotalSeconds, peak, ready, firstStep);
            }
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"brainaug-trainer {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors}");
        return (clock.Elapsed.TotalSeconds, peak, ready, firstStep);
    }

    private static long PeakRss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0; // the process has just exited
        }
    }

    /// <summary>The phantom of <paramref name="cases"/> full-size cases, generated once (seed 29) and kept in out/scale.</summary>
    private static string CachedPhantom(string root, int cases)
    {
        var folder = Path.Combine(root, $"phantom-{cases}");
        if (File.Exists(Path.Combine(folder, DatasetFiles.PhantomManifest))) return folder;
        Console.WriteLine($"scale: generating {cases} full-size phantom cases into {folder} (once; later runs reuse them)");
        Sampled(["phantom", "--out", folder, "--cases", cases.ToString(CultureInfo.InvariantCulture), "--seed", "29", "--montage", "none"], stopAfterReady: null, runOn: null);
        return folder;
    }
}
