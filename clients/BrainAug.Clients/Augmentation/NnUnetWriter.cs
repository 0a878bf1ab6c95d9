using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;

namespace BrainAug.Clients.Augmentation;

/// <summary>
/// The nnU-Net v2 raw format of a synthetic dataset, optionally with the real training cases merged in:
/// <c>DatasetXXX_Name/imagesTr/&lt;case&gt;_000c.nii.gz</c> (one file per channel), <c>labelsTr/&lt;case&gt;.nii.gz</c>
/// with consecutive labels, and dataset.json. Rewritten whole on every run (it is derived from the dataset). A
/// dataset of the regions target gets nnU-Net's region-based dataset.json, as nnU-Net documents it for BraTS.
/// </summary>
public static class NnUnetWriter
{
    /// <param name="real">Settings whose Data and split name the real training cases to merge, or null.</param>
    public static string Write(string syntheticRoot, string nnunetRoot, int id, string name, AugmentSettings? real)
    {
        var info = SyntheticDatasetInfo.TryRead(syntheticRoot) ?? throw new InvalidOperationException($"{syntheticRoot} is not a finished synthetic dataset");
        var modalities = info.ModalityList;
        var (labelNames, toLabel, regionsClassOrder) = Labels(info.Region);
        var final = Path.Combine(nnunetRoot, $"Dataset{id:D3}_{name}");
        var staging = Path.Combine(nnunetRoot, $".tmp-{Path.GetFileName(final)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(staging, "imagesTr"));
        Directory.CreateDirectory(Path.Combine(staging, "labelsTr"));

        var written = WriteCases(BrainDataset.Open(syntheticRoot).Cases, modalities, toLabel, staging);
        var realCount = 0;
        if (real?.Data is { } data)
        {
            var dataset = BrainDataset.Open(data);
            var split = DatasetSplit.Resolve(dataset, real.SplitFile, real.Validation, real.Test, real.SplitSeed);
            realCount = WriteCases(dataset.Cases.Where(c => split.Train.Contains(c.Id)), modalities, toLabel, staging);
        }
        var description = new Dictionary<string, object>
        {
            ["name"] = name,
            ["description"] = $"{written} BrainAug synthetic slices ({info.Description}){(realCount > 0 ? $" and {realCount} real training cases of {real!.Data}" : "")}",
            ["channel_names"] = modalities.Select((m, i) => (i, m)).ToDictionary(p => p.i.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.m.ToString()),
            ["labels"] = labelNames,
            ["numTraining"] = written + realCount,
            ["file_ending"] = ".nii.gz",
        };
        if (regionsClassOrder is not null) description["regions_class_order"] = regionsClassOrder;
        File.WriteAllText(Path.Combine(staging, "dataset.json"), JsonSerializer.Serialize(description, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(staging, final);
        return $"nnU-Net v2 raw dataset: {final} ({written} synthetic + {realCount} real cases)";
    }

    /// <summary>nnU-Net wants labels 0..K: one region becomes {background 0, region 1}; all classes become 0..3.
    /// Regions: the files hold 1 edema, 2 necrotic core, 3 enhancing, so that each region is a set of labels from some
    /// value up (WT 1-3, TC 2-3, ET 3) and regions_class_order (1, 2, 3) writes the innermost region last.</summary>
    private static (Dictionary<string, object> Names, Func<byte, byte> ToLabel, int[]? RegionsClassOrder) Labels(string region)
    {
        if (region == "multiclass")
            return (new() { ["background"] = 0, ["necrotic_core"] = 1, ["edema"] = 2, ["enhancing"] = 3 }, label => label, null);
        if (region == "regions")
            return (new() { ["background"] = 0, ["whole_tumour"] = new[] { 1, 2, 3 }, ["tumour_core"] = new[] { 2, 3 }, ["enhancing_tumour"] = new[] { 3 } },
                label => label switch { TumourLabels.Edema => 1, TumourLabels.NecroticCore => 2, TumourLabels.Enhancing => 3, _ => 0 },
                [1, 2, 3]);
        var target = Words.Parse<TargetRegion>(region);
        return (new() { ["background"] = 0, [region] = 1 }, label => BratsRegions.Contains(target, label) ? (byte)1 : (byte)0, null);
    }

    private static int WriteCases(IEnumerable<CaseReference> cases, IReadOnlyList<Modality> modalities, Func<byte, byte> toLabel, string folder)
    {
        var count = 0;
        foreach (var reference in cases)
        {
            var brainCase = reference.Load(modalities);
            for (var c = 0; c < modalities.Count; c++)
                NiftiWriter.Write(Path.Combine(folder, "imagesTr", $"{brainCase.Id}_{c:D4}.nii.gz"),
                    NiftiImage.Create(brainCase.Shape, brainCase.Images[modalities[c]], brainCase.Affine, NiftiDataType.Float32));
            NiftiWriter.Write(Path.Combine(folder, "labelsTr", $"{brainCase.Id}.nii.gz"),
                NiftiImage.Create(brainCase.Shape, [.. brainCase.Labels.Select(l => (float)toLabel(l))], brainCase.Affine, NiftiDataType.UInt8));
            count++;
        }
        return count;
    }
}
