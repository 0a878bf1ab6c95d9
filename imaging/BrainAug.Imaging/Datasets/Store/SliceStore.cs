using System.Runtime.InteropServices;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets.Store;

/// <summary>
/// A prepared slice store, read: which slices a tool's <see cref="SliceOptions"/> take (decided on the stored tumour
/// counts, as <see cref="SliceExtractor"/> decides on the volumes) and their pixels, the same bytes the extractor cuts.
/// Opening it checks the index against the dataset's files, so a changed dataset is an error, never a stale read.
/// </summary>
public sealed class SliceStore
{
    private readonly Dictionary<string, StoredCase> _cases;

    private SliceStore(string folder, SliceStoreManifest manifest)
    {
        Folder = folder;
        Manifest = manifest;
        _cases = manifest.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        Modalities = [.. manifest.Modalities.Select(Datasets.Modalities.Parse)];
    }

    public string Folder { get; }

    public SliceStoreManifest Manifest { get; }

    public IReadOnlyList<Modality> Modalities { get; }

    /// <summary>Opens the store in <paramref name="folder"/> for <paramref name="dataset"/>, whose files must be the ones
    /// it was prepared from.</summary>
    public static SliceStore Open(string folder, BrainDataset dataset)
    {
        var indexPath = Path.Combine(folder, SliceStoreManifest.FileName);
        if (!File.Exists(indexPath))
            throw new DatasetException($"{folder} is no slice store (no {SliceStoreManifest.FileName}; a prepare that did not finish leaves none): " +
                $"run brainaug-trainer prepare --data {dataset.Root} --out {folder}");
        SliceStoreManifest manifest;
        try
        {
            manifest = ContractFile.Read<SliceStoreManifest>(indexPath);
        }
        catch (ContractException e)
        {
            throw new DatasetException($"slice store: {e.Message}", e);
        }
        var store = new SliceStore(folder, manifest);
        store.CheckSources(dataset);
        return store;
    }

    /// <summary>The first case added, removed or changed since the store was prepared, as an error.</summary>
    private void CheckSources(BrainDataset dataset)
    {
        var remedy = $"prepare the store again (brainaug-trainer prepare --data {dataset.Root} --out {Folder}; unchanged cases are reused)";
        foreach (var reference in dataset.Cases)
        {
            if (!_cases.TryGetValue(reference.Id, out var entry))
                throw new DatasetException($"slice store {Folder}: case {reference.Id} was added to {dataset.Root} after the store was prepared: {remedy}");
            if (entry.Fingerprint != SourceFingerprint.Of(reference, dataset.Root))
                throw new DatasetException($"slice store {Folder}: the files of case {reference.Id} changed after the store was prepared: {remedy}");
        }
        if (_cases.Count != dataset.Cases.Count)
        {
            var present = dataset.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var removed = Manifest.Cases.First(c => !present.Contains(c.Id));
            throw new DatasetException($"slice store {Folder}: case {removed.Id} is no longer in {dataset.Root}: {remedy}");
        }
    }

    /// <summary>The slices <paramref name="options"/> take from the given cases, in case order, read into memory.</summary>
    public List<BrainSlice> LoadSlices(IEnumerable<string> caseIds, SliceOptions options) => [.. Slices(caseIds, options)];

    /// <summary>The same slices, each read from its case file when it is accessed (a positioned read of one record):
    /// memory does not grow with the number of slices.</summary>
    public IReadOnlyList<BrainSlice> Slices(IEnumerable<string> caseIds, SliceOptions options)
    {
        var channels = ChannelsOf(options);
        var records = new List<(StoredCase Case, int Index, int Z)>();
        foreach (var id in caseIds)
        {
            var entry = Case(id);
            records.AddRange(Choose(entry, options).Select(z => (entry, IndexOf(entry, z, options), z)));
        }
        var recordBytes = (int)SliceStoreManifest.RecordBytes(Modalities.Count, options.Size);
        var pixels = options.Size * options.Size;
        var imageBytes = Modalities.Count * pixels * sizeof(float);
        byte[] Read(int i, int offset, int length)
        {
            var (entry, index, _) = records[i];
            var path = Path.Combine(Folder, entry.File);
            var bytes = new byte[length];
            using var file = File.OpenHandle(path);
            StoredCaseFile.Read(file, entry, Manifest.SectionOffset(entry, options.Size) + (long)index * recordBytes + offset, bytes, path);
            return bytes;
        }
        return new LazySliceList(records.Count,
            i => ToSlice(records[i].Case.Id, records[i].Z, Read(i, 0, recordBytes), channels, options),
            i => SliceCutter.TargetLabels(Read(i, imageBytes, pixels), options.Region));
    }

    /// <summary>Width of a case's axial plane in mm (see <see cref="StoredCase.FieldOfView"/>).</summary>
    public double FieldOfView(string caseId) => Case(caseId).FieldOfView;

    private StoredCase Case(string id) => _cases.TryGetValue(id, out var entry) ? entry
        : throw new DatasetException($"slice store {Folder} holds no case {id}");

    /// <summary>The z indices the options' policy takes, from the stored counts.</summary>
    private static IReadOnlyList<int> Choose(StoredCase entry, SliceOptions options)
    {
        var counts = entry.Tumour.ToDictionary(t => t.Z);
        return SliceChoice.Choose(entry.Id, entry.Depth, options.Policy, options.Region, (z, region) =>
            !counts.TryGetValue(z, out var count) ? 0 : region switch
            {
                TargetRegion.Wt => count.Wt,
                TargetRegion.Tc => count.Tc,
                _ => count.Et,
            });
    }

    private int IndexOf(StoredCase entry, int z, SliceOptions options)
    {
        var index = BinarySearch(entry.Slices, z);
        return index >= 0 ? index : throw new DatasetException(
            $"slice store {Folder} holds the slices of policies {string.Join(", ", Manifest.Policies)}, but policy {options.Policy} takes slice z={z} " +
            $"of case {entry.Id}: prepare the store with --policy {options.Policy} too");
    }

    private static int BinarySearch(IReadOnlyList<int> sorted, int value)
    {
        int low = 0, high = sorted.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] == value) return middle;
            if (sorted[middle] < value) low = middle + 1;
            else high = middle - 1;
        }
        return -1;
    }

    /// <summary>The store's channel index of each modality the options ask for, after checking the rest of the options.</summary>
    private int[] ChannelsOf(SliceOptions options)
    {
        var normalisation = SliceOptionsFactory.Word(options.Normalisation);
        if (!Manifest.Sizes.Contains(options.Size) || normalisation != Manifest.Normalisation)
            throw new DatasetException($"slice store {Folder} holds slices of {string.Join(", ", Manifest.Sizes.Select(s => $"{s}x{s}"))} normalised " +
                $"{Manifest.Normalisation}, but {options.Size}x{options.Size} normalised {normalisation} are asked for: prepare it with --size {options.Size} --norm {normalisation}");
        return [.. options.Modalities.Select(m =>
        {
            var channel = Modalities.ToList().IndexOf(m);
            return channel >= 0 ? channel : throw new DatasetException(
                $"slice store {Folder} holds {string.Join(",", Manifest.Modalities)}, not {Datasets.Modalities.FileSuffix(m)}: prepare it with --modalities including it");
        })];
    }

    private BrainSlice ToSlice(string caseId, int z, byte[] record, int[] channels, SliceOptions options)
    {
        var pixels = options.Size * options.Size;
        var stored = MemoryMarshal.Cast<byte, float>(record.AsSpan(0, Modalities.Count * pixels * sizeof(float)));
        var image = new float[channels.Length * pixels];
        for (var c = 0; c < channels.Length; c++) stored.Slice(channels[c] * pixels, pixels).CopyTo(image.AsSpan(c * pixels));
        var labels = SliceCutter.TargetLabels(record.AsSpan(Modalities.Count * pixels * sizeof(float), pixels), options.Region);
        return new BrainSlice(caseId, z, channels.Length, options.Size, image, labels);
    }
}
