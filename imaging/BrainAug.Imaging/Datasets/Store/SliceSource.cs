namespace BrainAug.Imaging.Datasets.Store;

/// <summary>Where a tool reads its slices: the slice store prepared from the dataset when one is given (checked
/// against the dataset's files), else the dataset's NIfTI files, cut as they are read. Both give the same slices.</summary>
public sealed class SliceSource
{
    private readonly SliceStore? _store;

    private SliceSource(BrainDataset dataset, SliceStore? store)
    {
        Dataset = dataset;
        _store = store;
    }

    public BrainDataset Dataset { get; }

    /// <summary>The store, when the slices come from one.</summary>
    public SliceStore? Store => _store;

    public static SliceSource Open(string data, string? store)
    {
        var dataset = BrainDataset.Open(data);
        return new SliceSource(dataset, store is null ? null : SliceStore.Open(store, dataset));
    }

    /// <summary>The slices of the given cases, in case order, cut with <paramref name="options"/>, in memory.</summary>
    public List<BrainSlice> LoadSlices(IEnumerable<string> caseIds, SliceOptions options) =>
        _store?.LoadSlices(caseIds, options) ?? Dataset.LoadSlices(caseIds, options);

    /// <summary>The same slices; from a store, unless <paramref name="inMemory"/>, each is read when it is accessed
    /// (memory bounded by a batch, not by the data set).</summary>
    public IReadOnlyList<BrainSlice> Slices(IEnumerable<string> caseIds, SliceOptions options, bool inMemory) =>
        _store is not null && !inMemory ? _store.Slices(caseIds, options) : LoadSlices(caseIds, options);
}
