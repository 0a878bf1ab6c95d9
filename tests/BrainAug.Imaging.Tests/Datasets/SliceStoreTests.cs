using BrainAug.Contracts.Data;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Datasets.Store;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Datasets;

/// <summary>A slice store gives the same slices as cutting them from the NIfTI files, and never stale ones.</summary>
public class SliceStoreTests : IDisposable
{
    private static readonly string[] CaseIds = ["case0", "case1", "case2"];
    private readonly TempDirectory _temp = new();
    private readonly string _data;
    private readonly string _store;

    public SliceStoreTests()
    {
        _data = Path.Combine(_temp.Path, "data");
        _store = Path.Combine(_temp.Path, "store");
        TinyDatasets.WriteBrats(_data, CaseIds);
    }

    public void Dispose() => _temp.Dispose();

    private static SliceStoreOptions StoreOptions(params string[] policies) =>
        new(Modalities.All, Normalisation.MinMax, [16], [.. policies.Select(SlicePolicy.Parse)]);

    private SliceStoreManifest Prepare(SliceStoreOptions options, StringWriter? output = null) =>
        SliceStorePreparer.Prepare(BrainDataset.Open(_data), options, _store, threads: 2, output ?? new StringWriter());

    public static TheoryData<string, string, string> Cuts() => new()
    {
        { "t1ce", "et", "max" },
        { "flair,t1,t1ce,t2", "regions", "tumour" },
        { "t2,flair", "wt", "tumour:9" },
        { "t1", "tc", "z4" },
        { "t1ce", "multiclass", "all" },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public void StoredSlices_EqualTheExtractors_AtEverySize(string modalities, string region, string policy)
    {
        Prepare(new SliceStoreOptions(Modalities.All, Normalisation.MinMax, [24, 16], [SlicePolicy.All]));
        var dataset = BrainDataset.Open(_data);
        var store = SliceStore.Open(_store, dataset);

        foreach (var size in new[] { 16, 24 })
        {
            var options = SliceOptionsFactory.Create(modalities, region, policy, size);
            var fromStore = store.LoadSlices(CaseIds, options);
            var fromNifti = dataset.LoadSlices(CaseIds, options);

            Assert.Equal(fromNifti.Select(s => (s.CaseId, s.SliceIndex, s.Channels, s.Size)), fromStore.Select(s => (s.CaseId, s.SliceIndex, s.Channels, s.Size)));
            Assert.Equal(fromNifti.Select(s => s.Image), fromStore.Select(s => s.Image));
            Assert.Equal(fromNifti.Select(s => s.Label), fromStore.Select(s => s.Label));
            Assert.NotEmpty(fromStore);
        }
    }

    [Fact]
    public void StreamedSlices_ReadOnAccess_EqualTheLoadedOnes()
    {
        Prepare(StoreOptions("all"));
        var store = SliceStore.Open(_store, BrainDataset.Open(_data));
        var options = SliceOptionsFactory.Create("t2,t1ce", "tc", "all", 16);

        var streamed = store.Slices(CaseIds, options);
        var loaded = store.LoadSlices(CaseIds, options);

        Assert.IsNotType<List<BrainSlice>>(streamed);
        Assert.Equal(loaded.Count, streamed.Count);
        Assert.Equal(loaded.Select(s => s.Image).Reverse(), Enumerable.Range(0, streamed.Count).Reverse().Select(i => streamed[i].Image));
        Assert.Equal(loaded.Select(s => (s.CaseId, s.SliceIndex)), streamed.Select(s => (s.CaseId, s.SliceIndex)));
        Assert.Equal(loaded.Select(s => s.Label), Enumerable.Range(0, streamed.Count).Select(i => SliceLabels.Of(streamed, i))); // labels without pixels
        Assert.Contains(loaded, s => s.Label.Any(l => l != 0));
    }

    [Fact]
    public void StoreOfTumourSlices_ServesMaxAndTumourPolicies_AndRefusesOthersNamingThePolicy()
    {
        var manifest = Prepare(StoreOptions("tumour", "max"));
        var store = SliceStore.Open(_store, BrainDataset.Open(_data));

        Assert.All(manifest.Cases, c => Assert.Equal([3, 4, 5], c.Slices));
        Assert.Equal(3, store.LoadSlices(CaseIds, SliceOptionsFactory.Create("t1ce", "et", "max", 16)).Count);
        var error = Assert.Throws<DatasetException>(() => store.LoadSlices(CaseIds, SliceOptionsFactory.Create("t1ce", "et", "z7", 16)));
        Assert.Contains("--policy z7", error.Message);
        Assert.Contains("case0", error.Message);
    }

    [Fact]
    public void OtherSizeOrModality_ClearError()
    {
        Prepare(new SliceStoreOptions([Modality.T1ce], Normalisation.MinMax, [16], [SlicePolicy.All]));
        var store = SliceStore.Open(_store, BrainDataset.Open(_data));

        Assert.Contains("--size 32", Assert.Throws<DatasetException>(() => store.LoadSlices(CaseIds, SliceOptionsFactory.Create("t1ce", "et", "all", 32))).Message);
        Assert.Contains("not flair", Assert.Throws<DatasetException>(() => store.LoadSlices(CaseIds, SliceOptionsFactory.Create("flair", "et", "all", 16))).Message);
    }

    [Fact]
    public void ChangedSourceFile_OpenFailsNamingTheCase_ThenPrepareCutsOnlyThatCaseAgain()
    {
        var options = StoreOptions("all");
        Prepare(options);
        var before = File.ReadAllBytes(Path.Combine(_store, "cases", "case2.slices"));
        var t1 = Path.Combine(_data, "case1", "case1_t1.nii.gz");
        TinyDatasets.WriteBrats(Path.Combine(_temp.Path, "other"), "x", "y", "z"); // case index 1 of another set: other intensities
        File.Copy(Path.Combine(_temp.Path, "other", "z", "z_t1.nii.gz"), t1, overwrite: true);
        File.SetLastWriteTimeUtc(t1, DateTime.UtcNow.AddMinutes(1));

        var error = Assert.Throws<DatasetException>(() => SliceStore.Open(_store, BrainDataset.Open(_data)));
        Assert.Contains("the files of case case1 changed", error.Message);
        var output = new StringWriter();
        Prepare(options, output);

        Assert.Contains("2 cases reused", output.ToString());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_store, "cases", "case2.slices")));
        var dataset = BrainDataset.Open(_data);
        var slice = SliceStore.Open(_store, dataset).LoadSlices(["case1"], SliceOptionsFactory.Create("t1", "et", "z4", 16)).Single();
        Assert.Equal(dataset.LoadSlices(["case1"], SliceOptionsFactory.Create("t1", "et", "z4", 16)).Single().Image, slice.Image);
    }

    [Fact]
    public void AddedOrRemovedCase_OpenFailsNamingIt()
    {
        Prepare(StoreOptions("all"));
        TinyDatasets.WriteBrats(Path.Combine(_temp.Path, "more"), "case0", "case1", "case3");
        Directory.Move(Path.Combine(_temp.Path, "more", "case3"), Path.Combine(_data, "case3"));

        Assert.Contains("case case3 was added", Assert.Throws<DatasetException>(() => SliceStore.Open(_store, BrainDataset.Open(_data))).Message);

        Directory.Delete(Path.Combine(_data, "case3"), recursive: true);
        Directory.Delete(Path.Combine(_data, "case0"), recursive: true);
        Assert.Contains("case case0 is no longer", Assert.Throws<DatasetException>(() => SliceStore.Open(_store, BrainDataset.Open(_data))).Message);
    }

    [Fact]
    public void TruncatedCase_ErrorNamesIt_AndLeavesNoStore()
    {
        var seg = Path.Combine(_data, "case1", "case1_seg.nii.gz");
        var bytes = File.ReadAllBytes(seg);
        File.WriteAllBytes(seg, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DatasetException>(() => Prepare(StoreOptions("all")));

        Assert.StartsWith("case case1:", error.Message);
        Assert.False(Directory.Exists(_store), "the store folder this prepare created is removed");
    }

    [Fact]
    public void NoIndex_IsNoStore()
    {
        Directory.CreateDirectory(Path.Combine(_store, "cases"));

        var error = Assert.Throws<DatasetException>(() => SliceStore.Open(_store, BrainDataset.Open(_data)));

        Assert.Contains("is no slice store", error.Message);
        Assert.Contains("brainaug-trainer prepare", error.Message);
    }

    [Fact]
    public void Rerun_UpToDate_WritesNothing()
    {
        var options = StoreOptions("tumour");
        Prepare(options);
        var written = File.GetLastWriteTimeUtc(Path.Combine(_store, SliceStoreManifest.FileName));
        var output = new StringWriter();

        Prepare(options, output);

        Assert.Contains("up to date", output.ToString());
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_store, SliceStoreManifest.FileName)));
    }
}
