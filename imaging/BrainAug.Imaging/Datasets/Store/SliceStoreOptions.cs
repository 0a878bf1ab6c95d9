using BrainAug.Contracts.Data;

namespace BrainAug.Imaging.Datasets.Store;

/// <summary>How a slice store's slices are cut: the channels, normalisation and size every record has, and the slice
/// policies whose slices it holds (for each policy, the slices it takes for any BraTS region, so one store serves
/// et, tc, wt, multi-class and regions runs alike).</summary>
public sealed record SliceStoreOptions(IReadOnlyList<Modality> Modalities, Normalisation Normalisation, int Size, IReadOnlyList<SlicePolicy> Policies)
{
    public IReadOnlyList<string> ModalityWords => [.. Modalities.Select(Datasets.Modalities.FileSuffix)];

    public string NormalisationWord => SliceOptionsFactory.Word(Normalisation);

    public IReadOnlyList<string> PolicyWords => [.. Policies.Select(p => p.ToString())];

    public string Key => SliceStoreManifest.OptionsKey(ModalityWords, NormalisationWord, Size, PolicyWords);

    public long RecordBytes => SliceStoreManifest.RecordBytes(Modalities.Count, Size);
}
