using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;
using BrainAug.Imaging.Png;

namespace BrainAug.Clients.Augmentation;

/// <summary>
/// Writes synthetic pairs as a dataset the trainer reads like a real one: BraTS-style case folders
/// (<c>SYN_000001/SYN_000001_{t1ce,...,seg}.nii.gz</c>, one axial slice each, labels 0/1/2/4; <c>_region</c> for inpainted pairs), synthetic.json, and
/// manifest.jsonl. Each case is written under a hidden name and renamed when complete, so a killed run never
/// leaves half a case, and a rerun skips the cases that exist.
/// </summary>
public sealed class SyntheticDatasetWriter(string root, IReadOnlyList<string> modalities, bool previews)
{
    public const string SettingsFile = "augment.json";
    public const string ManifestFile = DatasetFiles.SyntheticManifest;
    private const string SampleFile = "sample.json";

    /// <summary>The file beside a sample's modalities that holds its inpainted region.</summary>
    public const string RegionSuffix = DatasetFiles.PaintedRegionSuffix;

    public string Root { get; } = root;

    public static string CaseId(int index) => $"SYN_{index + 1:D6}";

    /// <summary>Creates the folder, or checks that an earlier run there used the same settings; clears
    /// leftovers of an interrupted write. Returns the settings in force (the earlier run's on resume).</summary>
    public T Prepare<T>(T settings, Func<T, T, string?> difference)
    {
        Directory.CreateDirectory(Root);
        var settingsPath = Path.Combine(Root, SettingsFile);
        if (File.Exists(settingsPath))
        {
            var earlier = JsonSerializer.Deserialize<T>(File.ReadAllText(settingsPath), Json)!;
            if (difference(earlier, settings) is { } problem)
                throw new InvalidOperationException($"{Root} holds a run with other settings ({problem}); use another --out or the same arguments");
            settings = earlier;
        }
        else if (Directory.EnumerateFileSystemEntries(Root).Any())
        {
            throw new InvalidOperationException($"{Root} is not empty and holds no {SettingsFile}: refusing to write a synthetic dataset into it");
        }
        else
        {
            AtomicFile.WriteAllText(settingsPath, JsonSerializer.Serialize(settings, Json) + "\n");
        }
        foreach (var leftover in Directory.GetDirectories(Root, ".tmp-*")) Directory.Delete(leftover, recursive: true);
        return settings;
    }

    public bool IsComplete(int index) => File.Exists(Path.Combine(Root, CaseId(index), SampleFile));

    /// <param name="image">modalities x size x size in [0, 1].</param>
    /// <param name="labels">size x size BraTS labels (0, 1, 2, 4).</param>
    /// <param name="region">The inpainted region (written as <c>_region.nii.gz</c>, 0/1), or null for whole rendered slices.</param>
    public void Write(SampleRecord record, float[] image, byte[] labels, int size, bool[]? region = null)
    {
        var temporary = Path.Combine(Root, $".tmp-{record.SampleId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        var affine = Affine(record.SpacingMm);
        for (var c = 0; c < modalities.Count; c++)
            NiftiWriter.Write(Path.Combine(temporary, $"{record.SampleId}_{modalities[c]}.nii.gz"),
                NiftiImage.Create([size, size, 1], image.AsSpan(c * size * size, size * size).ToArray(), affine, NiftiDataType.Float32, "BrainAug synthetic"));
        NiftiWriter.Write(Path.Combine(temporary, $"{record.SampleId}_seg.nii.gz"),
            NiftiImage.Create([size, size, 1], [.. labels.Select(l => (float)l)], affine, NiftiDataType.UInt8, "BrainAug synthetic labels"));
        if (region is not null)
            NiftiWriter.Write(Path.Combine(temporary, $"{record.SampleId}{RegionSuffix}"),
                NiftiImage.Create([size, size, 1], [.. region.Select(r => r ? 1f : 0f)], affine, NiftiDataType.UInt8, "BrainAug inpainted region"));
        if (previews) WritePreview(Path.Combine(temporary, $"{record.SampleId}_preview.png"), image, labels, size);
        File.WriteAllText(Path.Combine(temporary, SampleFile), JsonSerializer.Serialize(record, Json) + "\n");
        Directory.Move(temporary, Path.Combine(Root, record.SampleId));
    }

    /// <summary>synthetic.json (for the loader) and manifest.jsonl (every sample, in index order), both rewritten whole.</summary>
    public void Finish(int count, string region, string description)
    {
        new SyntheticDatasetInfo(modalities, region, count, description).Write(Root);
        var lines = Enumerable.Range(0, count)
            .Select(i => JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, CaseId(i), SampleFile))).RootElement, Line));
        AtomicFile.WriteAllText(Path.Combine(Root, ManifestFile), string.Join('\n', lines) + "\n");
    }

    /// <summary>1 mm per pixel at 240 (BraTS), scaled to the generator's size.</summary>
    private static double[,] Affine(double spacing) => new double[,] { { spacing, 0, 0, 0 }, { 0, spacing, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };

    private static void WritePreview(string path, float[] image, byte[] labels, int size)
    {
        var grey = SliceRenderer.Grey(image.AsSpan(0, size * size));
        PngWriter.Write(path, size, size, SliceRenderer.Overlay(grey, labels), rgb: true);
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private static readonly JsonSerializerOptions Line = new() { WriteIndented = false };
}
