using System.CommandLine;
using System.Diagnostics;
using BrainAug.Contracts.Data;
using BrainAug.Imaging.Phantom;

namespace BrainAug.Trainer.Commands;

/// <summary><c>phantom</c>: writes the embedded default dataset (BraTS layout) and its montage.</summary>
internal static class PhantomCommand
{
    public static Command Create(string[] args)
    {
        var output = new Option<string>("--out") { Description = "Output folder (created; must be empty or a previous phantom folder)", DefaultValueFactory = _ => "datasets/phantom" };
        var cases = new Option<int>("--cases") { Description = "Number of cases", DefaultValueFactory = _ => 40 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed gives byte-identical files", DefaultValueFactory = _ => 1 };
        var depth = new Option<int>("--depth") { Description = $"Slices per volume: {PhantomGrid.FullDepth} (BraTS) or a thinner slab centred on z=7 mm", DefaultValueFactory = _ => PhantomGrid.FullDepth };
        var anatomy = new Option<string>("--anatomy") { Description = "Skull-stripped 1 mm T1 to deform, or 'procedural'", DefaultValueFactory = _ => AnatomyTemplate.Colin27Path };
        var difficulty = new Option<string>("--difficulty")
        {
            Description = "realistic: lesions anywhere, multifocal and non-enhancing cases, varied sizes and enhancement, " +
                          "normal structures that enhance, per-case contrast, noise, bias and blur; easy: the first phantom, one " +
                          "white-matter glioblastoma per case (a small U-Net saturates on it)",
            DefaultValueFactory = _ => "realistic",
        };
        difficulty.AcceptOnlyFromAmong("realistic", "easy");
        var montage = new Option<string?>("--montage") { Description = "PNG montage path (default: <out>/montage.png); 'none' to skip" };
        var montageRows = new Option<int>("--montage-rows") { Description = "Cases shown in the montage", DefaultValueFactory = _ => 4 };
        var montageSize = new Option<int>("--montage-size") { Description = "Side of each montage tile in pixels", DefaultValueFactory = _ => 240 };
        cases.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--cases must be at least 1"); });
        depth.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > PhantomGrid.FullDepth) r.AddError($"--depth must be 1..{PhantomGrid.FullDepth}"); });
        montageRows.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--montage-rows must be at least 1"); });
        montageSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 32 or > 1024) r.AddError("--montage-size must be 32..1024"); });

        var command = new Command("phantom", "Write N synthetic BraTS-layout cases (FLAIR, T1, T1ce, T2, seg with labels 0/1/2/4) from a seed. Anatomy: Colin27 (Debian mricron-data) deformed per case, or a procedural brain when it is absent. It is a PHANTOM, not patient data.")
        {
            output, cases, seed, depth, difficulty, anatomy, montage, montageRows, montageSize,
        };
        command.SetAction(parse => CommandErrors.Run(args, () =>
        {
            var anatomyPath = parse.GetValue(anatomy);
            var options = new PhantomOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Cases = parse.GetValue(cases),
                Seed = parse.GetValue(seed),
                Depth = parse.GetValue(depth),
                Difficulty = parse.GetValue(difficulty) == "easy" ? PhantomDifficulty.Easy : PhantomDifficulty.Realistic,
                AnatomyPath = anatomyPath == "procedural" ? null : anatomyPath,
                Command = CommandErrors.CommandLine(args),
            };
            var montagePath = parse.GetValue(montage) ?? Path.Combine(options.OutputDirectory, DatasetFiles.PhantomMontage);
            return Run(options, montagePath == "none" ? null : montagePath, parse.GetValue(montageRows), parse.GetValue(montageSize));
        }));
        return command;
    }

    private static int Run(PhantomOptions options, string? montagePath, int montageRows, int montageSize)
    {
        if (options.AnatomyPath is not null && !File.Exists(options.AnatomyPath))
            Console.WriteLine($"note: {options.AnatomyPath} not found (Debian package mricron-data); using the procedural brain");
        var clock = Stopwatch.StartNew();
        var manifest = PhantomGenerator.Generate(options, (id, done, elapsed) =>
            Console.WriteLine($"[{done,3}/{options.Cases}] {id} written in {elapsed.TotalSeconds:F1} s"));
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{options.Cases} phantom cases ({string.Join('x', manifest.Shape)}, anatomy: {manifest.Anatomy}) in {seconds:F1} s -> {options.OutputDirectory}");
        if (montagePath is not null)
        {
            PhantomMontage.Write(options.OutputDirectory, Math.Min(montageRows, options.Cases), montagePath, montageSize);
            Console.WriteLine($"montage: {montagePath}");
        }
        return 0;
    }
}
