using System.Diagnostics;
using System.Text.Json;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;
using BrainAug.Imaging.Phantom.Realistic;

namespace BrainAug.Imaging.Phantom;

/// <summary>Which phantom: today's single-lesion benchmark or the realistic population.</summary>
public enum PhantomDifficulty
{
    /// <summary>One white-matter glioblastoma per case, the only bright ring on T1ce (the first phantom; a small U-Net
    /// saturates on it). Kept byte-identical.</summary>
    Easy,
    /// <summary>Lesions anywhere a population puts them, multifocal and non-enhancing cases, varied sizes and enhancement,
    /// normal structures that mimic tumour, per-case acquisition (<see cref="Realistic.LesionPrior"/>).</summary>
    Realistic,
}

/// <summary>What to generate.</summary>
public sealed record PhantomOptions
{
    public required string OutputDirectory { get; init; }

    public int Cases { get; init; } = 40;

    public ulong Seed { get; init; } = 1;

    /// <summary>Slices per volume: 155 (full BraTS depth) or a thinner slab centred on z = 7 mm.</summary>
    public int Depth { get; init; } = PhantomGrid.FullDepth;

    /// <summary>The anatomy to deform: Colin27 by default; null or a missing file means the procedural brain.</summary>
    public string? AnatomyPath { get; init; } = AnatomyTemplate.Colin27Path;

    public PhantomDifficulty Difficulty { get; init; } = PhantomDifficulty.Easy;

    /// <summary>The command line that asked for this dataset, recorded in phantom.json.</summary>
    public string Command { get; init; } = "";
}

/// <summary>
/// Writes a BraTS-layout phantom dataset: <c>&lt;out&gt;/PHANTOM_NNN/PHANTOM_NNN_{flair,t1,t1ce,t2,seg}.nii.gz</c>
/// (int16 images, uint8 labels 0/1/2/4) and phantom.json. Same options, same bytes.
/// A case appears under its name only when all five files are written.
/// </summary>
public static class PhantomGenerator
{
    public const string ManifestName = DatasetFiles.PhantomManifest;
    public const string Notice = "SYNTHETIC PHANTOM made by BrainAug: not patient data, not for clinical use.";
    private const string Generator = "BrainAug phantom v1";
    private const string RealisticGenerator = "BrainAug phantom v2 (realistic)";
    private const string CasePrefix = "PHANTOM_";

    public static PhantomManifest Generate(PhantomOptions options, Action<string, int, TimeSpan>? onCaseWritten = null)
    {
        if (options.Cases < 1) throw new ArgumentOutOfRangeException(nameof(options), "cases must be at least 1");
        PrepareOutput(options.OutputDirectory);
        var anatomy = AnatomyTemplate.LoadDefault(options.AnatomyPath);
        var grid = new PhantomGrid(options.Depth);
        // Cases side by side (each is seeded by its own index, so the bytes do not depend on the order): a case's
        // slices alone kept 2 cores only half busy. Reported in case order.
        var written = Enumerable.Range(0, options.Cases).AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount)
            .Select(index =>
            {
                var clock = Stopwatch.StartNew();
                IPhantomCase phantom = options.Difficulty == PhantomDifficulty.Realistic
                    ? new RealisticCase(anatomy, grid, options.Seed, index)
                    : new PhantomCase(anatomy, grid, options.Seed, index);
                return (Record: WriteCase(phantom, grid, options), clock.Elapsed);
            });
        var records = new List<PhantomCaseRecord>();
        foreach (var (record, elapsed) in written)
        {
            records.Add(record);
            onCaseWritten?.Invoke(record.Id, records.Count, elapsed);
        }
        var realistic = options.Difficulty == PhantomDifficulty.Realistic;
        var manifest = new PhantomManifest(Notice, realistic ? RealisticGenerator : Generator, options.Command, options.Seed, grid.Shape, anatomy.Source, records)
        {
            Difficulty = realistic ? "realistic" : null,
        };
        var json = JsonSerializer.Serialize(manifest, new JsonSerializerOptions
        {
            WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull, // the easy phantom's phantom.json stays as it was
        });
        File.WriteAllText(Path.Combine(options.OutputDirectory, ManifestName), json + "\n");
        return manifest;
    }

    /// <summary>Refuses to mix phantom cases into a folder that holds anything else; clears a folder that
    /// holds only an earlier (possibly interrupted) phantom, so no stale case outlives a smaller rerun.</summary>
    private static void PrepareOutput(string directory)
    {
        Directory.CreateDirectory(directory);
        var entries = Directory.EnumerateFileSystemEntries(directory).ToList();
        var foreign = entries.Where(entry => !IsPhantomEntry(Path.GetFileName(entry))).ToList();
        if (foreign.Count > 0)
            throw new IOException($"output folder {directory} holds {Path.GetFileName(foreign[0])}, which is not phantom output: choose an empty folder (an earlier phantom folder is replaced)");
        foreach (var entry in entries)
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
    }

    private static bool IsPhantomEntry(string name) =>
        name.StartsWith(CasePrefix, StringComparison.Ordinal) || name.StartsWith("." + CasePrefix, StringComparison.Ordinal)
        || name is ManifestName or DatasetFiles.PhantomMontage;

    private static PhantomCaseRecord WriteCase(IPhantomCase phantom, PhantomGrid grid, PhantomOptions options)
    {
        var (images, labels) = phantom.Synthesise();
        var final = Path.Combine(options.OutputDirectory, phantom.Id);
        // Hidden while incomplete: loaders skip dot-folders, so a crash never leaves a half case in the dataset.
        var partial = Path.Combine(options.OutputDirectory, $".{phantom.Id}.partial");
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);

        var description = $"BrainAug PHANTOM (synthetic, not patient data) seed={options.Seed} {phantom.Id}";
        var files = Modalities.All
            .Select(m => (Suffix: Modalities.FileSuffix(m), Data: images[(int)m], Type: NiftiDataType.Int16))
            .Append((Suffix: "seg", Data: labels.Select(l => (float)TumourLabels.ToBrats(l)).ToArray(), Type: NiftiDataType.UInt8));
        Parallel.ForEach(files, file => NiftiWriter.Write(
            Path.Combine(partial, $"{phantom.Id}_{file.Suffix}.nii.gz"),
            NiftiImage.Create(grid.Shape, file.Data, grid.Affine, file.Type, description)));

        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(partial, final);
        return phantom.Record(labels);
    }
}
