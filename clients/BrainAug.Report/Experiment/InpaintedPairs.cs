using System.Text.Json;
using BrainAug.Contracts.Data;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;

namespace BrainAug.Report.Experiment;

/// <summary>One inpainted synthetic pair: the painted region (at the report's slice size) and its host slice.</summary>
public sealed record InpaintedPair(BrainSlice Synthetic, bool[] Region, BrainSlice? Host);

/// <summary>
/// The regions an inpainting brain generator painted (each sample's <c>_region.nii.gz</c>, written by the augmentation
/// client) and the real training slices they were painted into (the manifest's host_case and host_slice), matched to
/// the synthetic slices the report loaded. Empty when the synthetic pairs are whole rendered slices.
/// </summary>
public static class InpaintedPairs
{
    public static List<InpaintedPair> Load(string syntheticFolder, IReadOnlyList<BrainSlice> synthetic, IReadOnlyList<BrainSlice> realTrain)
    {
        var hosts = Hosts(Path.Combine(syntheticFolder, DatasetFiles.SyntheticManifest));
        var pairs = new List<InpaintedPair>();
        foreach (var slice in synthetic)
        {
            var path = Path.Combine(syntheticFolder, slice.CaseId, slice.CaseId + DatasetFiles.PaintedRegionSuffix);
            if (!File.Exists(path)) continue;
            var image = NiftiReader.Read(path);
            var (width, height) = (image.Shape[0], image.Shape[1]);
            var region = SliceResampler.ResizeNearest([.. image.Data.Take(width * height).Select(v => v != 0 ? (byte)1 : (byte)0)], width, height, slice.Size);
            var host = hosts.TryGetValue(slice.CaseId, out var h) ? realTrain.FirstOrDefault(r => r.CaseId == h.Case && r.SliceIndex == h.Slice) : null;
            pairs.Add(new InpaintedPair(slice, [.. region.Select(v => v != 0)], host));
        }
        return pairs;
    }

    private static Dictionary<string, (string Case, int Slice)> Hosts(string manifest)
    {
        var hosts = new Dictionary<string, (string, int)>();
        if (!File.Exists(manifest)) return hosts;
        foreach (var line in File.ReadLines(manifest).Where(l => l.Length > 0))
        {
            using var record = JsonDocument.Parse(line);
            var root = record.RootElement;
            if (root.TryGetProperty("host_case", out var hostCase) && hostCase.ValueKind == JsonValueKind.String &&
                root.TryGetProperty("host_slice", out var hostSlice) && hostSlice.ValueKind == JsonValueKind.Number)
                hosts[root.GetProperty("sample_id").GetString()!] = (hostCase.GetString()!, hostSlice.GetInt32());
        }
        return hosts;
    }
}
