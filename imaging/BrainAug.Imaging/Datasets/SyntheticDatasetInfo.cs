using System.Text.Json;
using BrainAug.Contracts.Data;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// synthetic.json at the root of a dataset written by the augmentation client: it says the cases are synthetic
/// slices (one axial slice per case) holding only the listed modalities, so the BraTS loader does not ask for
/// the others.
/// </summary>
/// <param name="Region">What the labels mark: et, tc or wt (one region), or multiclass or regions (all classes, BraTS labels).</param>
public sealed record SyntheticDatasetInfo(IReadOnlyList<string> Modalities, string Region, int Count, string Description)
{
    public const string FileName = DatasetFiles.SyntheticInfo;

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Modality> ModalityList => [.. Modalities.Select(Datasets.Modalities.Parse)];

    public static SyntheticDatasetInfo? TryRead(string root)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var info = JsonSerializer.Deserialize<SyntheticDatasetInfo>(File.ReadAllText(path), Options);
            if (info is null || info.Modalities is not { Count: > 0 }) throw new DatasetException($"{path} lists no modalities");
            _ = info.ModalityList; // unknown names fail here, naming the file below
            return info;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new DatasetException($"{path} is not a valid synthetic dataset description: {e.Message}");
        }
    }

    public void Write(string root) => File.WriteAllText(Path.Combine(root, FileName), JsonSerializer.Serialize(this, Options) + "\n");

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
}
