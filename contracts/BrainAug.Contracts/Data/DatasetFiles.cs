namespace BrainAug.Contracts.Data;

/// <summary>
/// The files at a dataset's root that say how it was made, read by tools other than the one that wrote it:
/// phantom.json (brainaug-trainer phantom; the report quotes it), synthetic.json (brainaug-client augment; the
/// dataset loader reads its modalities and region) and manifest.jsonl (one line per synthetic pair: seed, index,
/// models, host slice, placement; the report picks its figures' hosts from it).
/// </summary>
public static class DatasetFiles
{
    public const string PhantomManifest = "phantom.json", SyntheticInfo = "synthetic.json", SyntheticManifest = "manifest.jsonl";
}
