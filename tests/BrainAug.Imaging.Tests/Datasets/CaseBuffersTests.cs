using BrainAug.Imaging.Datasets;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Datasets;

/// <summary>Loading case after case into the same buffers (the slice store's decode loop) gives what fresh loads give.</summary>
public class CaseBuffersTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadsIntoReusedBuffers_SameSlicesAsFreshLoads()
    {
        TinyDatasets.WriteBrats(_temp.Path, "case0", "case1");
        var dataset = BrainDataset.Open(_temp.Path);
        var options = new SliceOptions { Modalities = Modalities.All, Policy = SlicePolicy.All, Size = 20 };
        var buffers = new CaseBuffers();

        var first = dataset.Cases[0].Load(Modalities.All, buffers);
        var firstSlices = SliceExtractor.Extract(first, options);
        var second = dataset.Cases[1].Load(Modalities.All, buffers);

        Assert.Same(first.Images[Modality.T1], second.Images[Modality.T1]); // the array was reused
        foreach (var (reference, reused) in new[] { (dataset.Cases[0], firstSlices), (dataset.Cases[1], SliceExtractor.Extract(second, options)) })
        {
            var fresh = SliceExtractor.Extract(reference.Load(Modalities.All), options);
            Assert.Equal(fresh.Select(s => s.Image), reused.Select(s => s.Image));
            Assert.Equal(fresh.Select(s => s.Label), reused.Select(s => s.Label));
        }
    }
}
