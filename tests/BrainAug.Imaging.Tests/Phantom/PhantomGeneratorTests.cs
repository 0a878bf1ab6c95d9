using System.Security.Cryptography;
using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;
using BrainAug.Imaging.Phantom;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Phantom;

/// <summary>Phantom generation on a 40-slice slab (z = -13..26 mm) to keep the tests quick.</summary>
[Trait("Category", "Slow")]
public class PhantomGeneratorTests : IDisposable
{
    private const int SlabDepth = 40;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Generate_SameSeed_ByteIdenticalFiles()
    {
        var first = Generate("a", seed: 7, cases: 2);
        var second = Generate("b", seed: 7, cases: 2);

        Assert.Equal(Hashes(first), Hashes(second));
        Assert.Equal(11, Hashes(first).Count); // 2 cases x 5 files + phantom.json
    }

    [Fact]
    public void Generate_OtherSeed_OtherData()
    {
        var first = Hashes(Generate("a", seed: 7, cases: 1));
        var second = Hashes(Generate("b", seed: 8, cases: 1));

        Assert.NotEqual(first["PHANTOM_001/PHANTOM_001_t1.nii.gz"], second["PHANTOM_001/PHANTOM_001_t1.nii.gz"]);
    }

    [Fact]
    public void Generate_BratsLayoutLabelsAndHeader()
    {
        var root = Generate("a", seed: 3, cases: 2);

        var dataset = BrainDataset.Open(root);
        var seg = NiftiReader.Read(Path.Combine(root, "PHANTOM_001", "PHANTOM_001_seg.nii.gz"));
        var t1 = NiftiReader.ReadHeader(Path.Combine(root, "PHANTOM_001", "PHANTOM_001_t1.nii.gz"));

        Assert.Equal(DatasetLayout.Brats, dataset.Layout);
        Assert.Equal(["PHANTOM_001", "PHANTOM_002"], dataset.Cases.Select(c => c.Id));
        Assert.Equal([240, 240, SlabDepth], seg.Shape);
        Assert.Equal([0f, 1f, 2f, 4f], seg.Data.Distinct().Order());
        Assert.Equal(NiftiDataType.Int16, t1.DataType);
        Assert.Contains("PHANTOM", t1.Description);
        Assert.Contains("not patient data", File.ReadAllText(Path.Combine(root, PhantomGenerator.ManifestName)));
    }

    [Fact]
    public void Generate_ContrastsFollowTissueFacts()
    {
        var root = Generate("a", seed: 5, cases: 1);
        var loaded = BrainDataset.Open(root).Cases[0].Load(Modalities.All);

        IEnumerable<double> Values(Modality m, byte label) => loaded.Images[m].Where((v, i) => v != 0 && loaded.Labels[i] == label).Select(v => (double)v);
        double Mean(Modality m, byte label) => Values(m, label).Average();
        double Median(Modality m, byte label) => Values(m, label).Order().ElementAt(Values(m, label).Count() / 2);

        // Enhancing rim brightest on T1ce, around a darker necrotic core.
        Assert.True(Mean(Modality.T1ce, TumourLabels.Enhancing) > 1.15 * Mean(Modality.T1ce, TumourLabels.Background));
        Assert.True(Mean(Modality.T1ce, TumourLabels.NecroticCore) < 0.5 * Mean(Modality.T1ce, TumourLabels.Enhancing));
        // Edema brightest on FLAIR and bright on T2, dim on T1.
        Assert.True(Mean(Modality.Flair, TumourLabels.Edema) > 1.5 * Mean(Modality.Flair, TumourLabels.Background));
        // Normal-brain T2 is pulled up by CSF, so compare with its median (white/grey matter) instead.
        Assert.True(Mean(Modality.T2, TumourLabels.Edema) > 1.3 * Median(Modality.T2, TumourLabels.Background));
        Assert.True(Mean(Modality.T1, TumourLabels.Edema) < Mean(Modality.T1, TumourLabels.Background));
    }

    [Fact]
    public void Generate_BackgroundExactlyZeroAndBrainPositive()
    {
        var root = Generate("a", seed: 2, cases: 1);
        var flair = NiftiReader.Read(Path.Combine(root, "PHANTOM_001", "PHANTOM_001_flair.nii.gz")).Data;
        var t2 = NiftiReader.Read(Path.Combine(root, "PHANTOM_001", "PHANTOM_001_t2.nii.gz")).Data;

        Assert.Equal(0, flair[0]); // a corner of the field of view
        var brain = flair.Count(v => v > 0);
        Assert.InRange(brain, 200_000, 1_200_000); // a 40 mm slab of an adult brain: 0.2-1.2 litres
        Assert.Equal(brain, t2.Count(v => v > 0)); // one brain mask for all contrasts
    }

    [Fact]
    public void Generate_WithoutColin27_UsesProceduralBrain()
    {
        var root = Generate("a", seed: 4, cases: 1, anatomy: null);

        var loaded = BrainDataset.Open(root).Cases[0].Load([Modality.T2]);

        Assert.Contains("procedural", File.ReadAllText(Path.Combine(root, PhantomGenerator.ManifestName)));
        Assert.InRange(loaded.Images[Modality.T2].Count(v => v > 0), 200_000, 1_200_000);
        Assert.Contains(loaded.Labels, l => l == TumourLabels.Enhancing);
    }

    [Fact]
    public void Generate_IntoFolderHoldingOtherData_RefusesAndKeepsIt()
    {
        var root = _temp.File("busy");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "notes.txt"), "mine");

        var error = Assert.Throws<IOException>(() => Generate("busy", seed: 1, cases: 1));

        Assert.Contains("notes.txt", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(root, "notes.txt")));
    }

    [Fact]
    public void Generate_OverEarlierOrInterruptedPhantom_ReplacesItWithoutStaleCases()
    {
        Generate("a", seed: 1, cases: 2);
        Directory.CreateDirectory(_temp.File("a/.PHANTOM_003.partial")); // what a crash leaves behind

        var root = Generate("a", seed: 1, cases: 1);

        Assert.Equal(["PHANTOM_001"], BrainDataset.Open(root).Cases.Select(c => c.Id));
        Assert.Equal(["PHANTOM_001"], Directory.GetDirectories(root).Select(Path.GetFileName));
    }

    [Fact]
    public void Colin27_TissueMeansInAnatomicalOrder()
    {
        Assert.True(File.Exists(AnatomyTemplate.Colin27Path), "the test set-up installs mricron-data (Colin27)");

        var anatomy = AnatomyTemplate.Load(AnatomyTemplate.Colin27Path);

        Assert.InRange(anatomy.CsfMean, 0.15, 0.5);
        Assert.InRange(anatomy.GreyMean, 0.55, 0.85);
        Assert.Equal((1, 0, 0), anatomy.Fractions((float)anatomy.CsfMean));
        Assert.Equal((0, 0, 1), anatomy.Fractions(1.2f));
    }

    private string Generate(string name, ulong seed, int cases, string? anatomy = AnatomyTemplate.Colin27Path)
    {
        var root = _temp.File(name);
        PhantomGenerator.Generate(new PhantomOptions { OutputDirectory = root, Cases = cases, Seed = seed, Depth = SlabDepth, AnatomyPath = anatomy });
        return root;
    }

    private static Dictionary<string, string> Hashes(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            path => Path.GetRelativePath(root, path),
            path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
}
