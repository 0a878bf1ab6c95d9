using System.Diagnostics;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets.Store;

/// <summary>
/// Writes a slice store: each case decoded once, in parallel, its slices cut and written to its own file, then the
/// index (store.json) last. A rerun reuses every case file whose header still matches the options and the case's
/// source fingerprint, so a killed prepare resumes and ends with the same bytes, and a changed case is cut again.
/// </summary>
public static class SliceStorePreparer
{
    public const string CasesFolder = "cases";

    /// <summary>Prepares <paramref name="folder"/> from <paramref name="dataset"/>; a bad case (unreadable, truncated,
    /// missing a modality) stops it with a <see cref="DatasetException"/> naming the case, and leaves no store behind.</summary>
    public static SliceStoreManifest Prepare(BrainDataset dataset, SliceStoreOptions options, string folder, int threads, TextWriter progress)
    {
        var indexPath = Path.Combine(folder, SliceStoreManifest.FileName);
        var fingerprints = dataset.Cases.Select(c => SourceFingerprint.Of(c, dataset.Root)).ToList();
        if (UpToDate(indexPath, options, fingerprints) is { } current)
        {
            progress.WriteLine($"prepare: the store in {folder} is up to date ({current.Cases.Count} cases)");
            return current;
        }
        var createdFolder = !Directory.Exists(folder);
        var casesFolder = Path.Combine(folder, CasesFolder);
        Directory.CreateDirectory(casesFolder);
        File.Delete(indexPath); // from here until the new index is written the folder is no store
        foreach (var leftover in Directory.EnumerateFiles(casesFolder, ".*.tmp")) File.Delete(leftover); // a killed run's
        try
        {
            var entries = PrepareCases(dataset, options, casesFolder, fingerprints, threads, progress);
            RemoveOtherCaseFiles(casesFolder, entries);
            var manifest = new SliceStoreManifest
            {
                Data = Path.GetFullPath(dataset.Root), Modalities = options.ModalityWords, Normalisation = options.NormalisationWord,
                Sizes = options.Sizes, Policies = options.PolicyWords, Fingerprint = SourceFingerprint.Combine(fingerprints), Cases = entries,
            };
            ContractFile.Write(indexPath, manifest);
            return manifest;
        }
        catch (DatasetException)
        {
            Directory.Delete(casesFolder, recursive: true);
            if (createdFolder && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
            throw;
        }
    }

    private static SliceStoreManifest? UpToDate(string indexPath, SliceStoreOptions options, List<string> fingerprints)
    {
        if (!File.Exists(indexPath)) return null;
        try
        {
            var manifest = ContractFile.Read<SliceStoreManifest>(indexPath);
            var same = SliceStoreManifest.OptionsKey(manifest.Modalities, manifest.Normalisation, manifest.Sizes, manifest.Policies) == options.Key &&
                       manifest.Fingerprint == SourceFingerprint.Combine(fingerprints);
            return same ? manifest : null;
        }
        catch (ContractException)
        {
            return null; // another schema version or a damaged index: prepare again
        }
    }

    private static List<StoredCase> PrepareCases(BrainDataset dataset, SliceStoreOptions options, string casesFolder, List<string> fingerprints,
        int threads, TextWriter progress)
    {
        var entries = new StoredCase[dataset.Cases.Count];
        var report = new PrepareProgress(dataset.Cases.Count, progress);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        try
        {
            Parallel.For(0, dataset.Cases.Count, parallel, () => new CaseBuffers(), (i, _, buffers) =>
            {
                entries[i] = PrepareCase(dataset.Cases[i], fingerprints[i], options, casesFolder, buffers, out var reused);
                report.CaseDone(entries[i].Slices.Count, reused);
                return buffers;
            }, _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<DatasetException>().FirstOrDefault() is { } first)
        {
            throw first;
        }
        report.Finish();
        return [.. entries];
    }

    private static StoredCase PrepareCase(CaseReference reference, string fingerprint, SliceStoreOptions options, string casesFolder,
        CaseBuffers buffers, out bool reused)
    {
        var file = reference.Id + ".slices";
        var path = Path.Combine(casesFolder, file);
        if (StoredCaseFile.TryReadHeader(path) is { } header && header.Options == options.Key && header.Case.Fingerprint == fingerprint &&
            new FileInfo(path).Length == header.Case.DataOffset + header.Case.Slices.Count * options.BytesPerSlice)
        {
            reused = true;
            return header.Case;
        }
        reused = false;
        var loaded = reference.Load(options.Modalities, buffers);
        var tumour = TumourCounts(loaded);
        var slices = StoredSlices(loaded, options.Policies);
        var entry = new StoredCase
        {
            Id = reference.Id, File = $"{CasesFolder}/{file}", Fingerprint = fingerprint, DataOffset = 0, FieldOfView = loaded.FieldOfView, Depth = loaded.Depth,
            Slices = slices, Tumour = tumour,
        };
        var headerBytes = StoredCaseFile.HeaderBytes(options.Key, entry);
        entry = entry with { DataOffset = headerBytes.Length };
        StoredCaseFile.Write(path, headerBytes, loaded, slices, options);
        return entry;
    }

    /// <summary>Every slice with tumour and its voxels per region, at the source's resolution.</summary>
    private static List<TumourCount> TumourCounts(BrainCase loaded)
    {
        var counts = new List<TumourCount>();
        for (var z = 0; z < loaded.Depth; z++)
        {
            var plane = loaded.LabelPlane(z);
            var wt = SliceExtractor.CountInRegion(plane, TargetRegion.Wt);
            if (wt > 0) counts.Add(new TumourCount(z, wt, SliceExtractor.CountInRegion(plane, TargetRegion.Tc), SliceExtractor.CountInRegion(plane, TargetRegion.Et)));
        }
        return counts;
    }

    /// <summary>The union, over the policies and the three regions, of the slices they take.</summary>
    private static List<int> StoredSlices(BrainCase loaded, IReadOnlyList<SlicePolicy> policies)
    {
        var chosen = new SortedSet<int>();
        foreach (var policy in policies)
            foreach (var region in new[] { TargetRegion.Wt, TargetRegion.Tc, TargetRegion.Et })
                chosen.UnionWith(SliceExtractor.ChooseSlices(loaded, new SliceOptions { Policy = policy, Region = region, Modalities = [] }));
        return [.. chosen];
    }

    private static void RemoveOtherCaseFiles(string casesFolder, IReadOnlyList<StoredCase> entries)
    {
        var kept = entries.Select(e => Path.GetFileName(e.File)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(casesFolder).Where(f => !kept.Contains(Path.GetFileName(f))))
            File.Delete(file);
    }

    /// <summary>A progress line every few seconds: cases done, slices, elapsed, an estimate of what is left.</summary>
    private sealed class PrepareProgress(int total, TextWriter output)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Lock _lock = new();
        private int _done, _reused;
        private long _slices;
        private double _lastPrinted;

        public void CaseDone(int slices, bool reused)
        {
            lock (_lock)
            {
                _done++;
                _slices += slices;
                if (reused) _reused++;
                var elapsed = _clock.Elapsed.TotalSeconds;
                if (elapsed - _lastPrinted < 5 || _done == total) return;
                _lastPrinted = elapsed;
                var left = elapsed / _done * (total - _done);
                output.WriteLine($"prepare: {_done}/{total} cases, {_slices} slices, {elapsed:F0} s, about {left:F0} s left");
            }
        }

        public void Finish() =>
            output.WriteLine($"prepare: {total} cases, {_slices} slices in {_clock.Elapsed.TotalSeconds:F1} s ({_reused} cases reused from an earlier run)");
    }
}
