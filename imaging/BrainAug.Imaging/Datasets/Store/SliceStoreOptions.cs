using BrainAug.Contracts.Data;

namespace BrainAug.Imaging.Datasets.Store;

/// <summary>How a slice store's slices are cut: the channels and normalisation every record has, the sizes each slice
/// is stored at (ascending, no repeats), and the slice
/// policies whose slices it holds (for each policy, the slices it takes for any BraTS region, so one store serves
/// et, tc, wt, multi-class and regions runs alike).</summary>
public sealed record SliceStoreOptions(IReadOnlyList<Modality> Modalities, Normalisation Normalisation, IReadOnlyList<int> Sizes, IReadOnlyList<SlicePolicy> Policies)
{
    public IReadOnlyList<int> Sizes { get; } = [.. Sizes.Distinct().Order()];

    public IReadOnlyList<string> ModalityWords => [.. Modalities.Select(Datasets.Modalities.FileSuffix)];

    public string NormalisationWord => SliceOptionsFactory.Word(Normalisation);

    public IReadOnlyList<string> PolicyWords => [.. Policies.Select(p => p.ToString())];

    public string Key => SliceStoreManifest.OptionsKey(ModalityWords, NormalisationWord, Sizes, PolicyWords);

    /// <summary>Bytes of one stored slice at every size.</summary>
    public long BytesPerSlice => Sizes.Sum(size => SliceStoreManifest.RecordBytes(Modalities.Count, size));
}
