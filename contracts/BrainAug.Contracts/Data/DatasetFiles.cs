namespace BrainAug.Contracts.Data;

/// <summary>
/// The files at a dataset's root that say how it was made, read by tools other than the one that wrote it:
/// phantom.json and montage.png (brainaug-trainer phantom; the report quotes the one and shows the other),
/// synthetic.json (brainaug-client augment; the dataset loader reads its modalities and region), manifest.jsonl (one
/// line per synthetic pair: seed, index, models, host slice, placement; the report picks its figures' hosts from it)
/// and, in an inpainted pair's case folder, CASE_region.nii.gz (the region the generator painted; the report draws it).
/// </summary>
public static class DatasetFiles
{
    public const string PhantomManifest = "phantom.json", PhantomMontage = "montage.png";

    public const string SyntheticInfo = "synthetic.json", SyntheticManifest = "manifest.jsonl", PaintedRegionSuffix = "_region.nii.gz";
}
