using BrainAug.Imaging.Datasets;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Datasets;

/// <summary>synthetic.json lets a BraTS-layout dataset hold only some modalities, and nothing else changes.</summary>
public class SyntheticDatasetTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private void WriteSyntheticCase(string id)
    {
        TinyDatasets.WriteBrats(_temp.Path, id);
        foreach (var suffix in new[] { "flair", "t1", "t2" }) File.Delete(_temp.File($"{id}/{id}_{suffix}.nii.gz"));
    }

    [Fact]
    public void SyntheticDataset_LoadsTheDeclaredModalities()
    {
        WriteSyntheticCase("SYN_000001");
        new SyntheticDatasetInfo(["t1ce"], "et", 1, "test").Write(_temp.Path);

        var dataset = BrainDataset.Open(_temp.Path);
        var loaded = dataset.Cases.Single().Load([Modality.T1ce]);

        Assert.Equal(TinyDatasets.VoxelCount, loaded.Images[Modality.T1ce].Length);
        Assert.Equal("et", SyntheticDatasetInfo.TryRead(_temp.Path)!.Region);
    }

    [Fact]
    public void SyntheticDataset_AskingForAnUndeclaredModality_ErrorNamesWhatItHolds()
    {
        WriteSyntheticCase("SYN_000001");
        new SyntheticDatasetInfo(["t1ce"], "et", 1, "test").Write(_temp.Path);

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path).Cases.Single().Load([Modality.Flair]));

        Assert.Contains("holds only t1ce, not flair", error.Message);
    }

    [Fact]
    public void WithoutSyntheticJson_MissingModalitiesStillRefused()
    {
        WriteSyntheticCase("SYN_000001");

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path));

        Assert.Contains("SYN_000001_flair.nii.gz", error.Message);
    }

    [Fact]
    public void SyntheticJsonWithUnknownModality_ClearError()
    {
        WriteSyntheticCase("SYN_000001");
        File.WriteAllText(_temp.File(SyntheticDatasetInfo.FileName), "{\"modalities\": [\"pet\"], \"region\": \"et\", \"count\": 1, \"description\": \"\"}");

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path));

        Assert.Contains("synthetic.json is not a valid synthetic dataset description", error.Message);
        Assert.Contains("pet", error.Message);
    }
}
