using System.IO.Compression;
using System.Security.Cryptography;
using BrainAug.Imaging.Nifti;
using BrainAug.Imaging.Phantom;
using BrainAug.Imaging.Phantom.Realistic;
using BrainAug.TestSupport;
using Xunit.Abstractions;

namespace BrainAug.Imaging.Tests.Phantom;

/// <summary>200 realistic cases (12-slice slab, the cpu protocol's), written once for the class.</summary>
public sealed class RealisticPopulation : IDisposable
{
    public const int Cases = 200;
    private readonly TempDirectory _temp = new();

    public RealisticPopulation()
    {
        Root = _temp.File("realistic");
        PhantomGenerator.Generate(new PhantomOptions { OutputDirectory = Root, Cases = Cases, Seed = 11, Depth = 12, Difficulty = PhantomDifficulty.Realistic });
        Measured = Enumerable.Range(1, Cases).Select(i => CaseMeasures.Read(Root, $"PHANTOM_{i:D3}")).ToList();
    }

    public string Root { get; }

    public IReadOnlyList<CaseMeasures> Measured { get; }

    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// Each realism factor measured from the written files of 200 cases, against the numbers <see cref="LesionPrior"/>
/// documents; plus determinism and the easy phantom's bytes.
/// </summary>
[Trait("Category", "Slow")]
public class RealisticPhantomTests(RealisticPopulation population, ITestOutputHelper output) : IClassFixture<RealisticPopulation>
{
    [Fact]
    public void Lesions_InEveryRegionAndBothHemispheres()
    {
        var foci = population.Measured.SelectMany(c => c.Foci).ToList();
        var byRegion = foci.GroupBy(f => CaseMeasures.Region(f.X, f.Y)).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"foci by region: {string.Join(", ", byRegion.Select(r => $"{r.Key} {r.Value}"))}");

        foreach (var region in LesionPrior.Regions)
            Assert.True(byRegion.GetValueOrDefault(region.Name) >= 2, $"{region.Name}: {byRegion.GetValueOrDefault(region.Name)} foci");
        var left = foci.Count(f => f.X < 0) / (double)foci.Count;
        Assert.InRange(left, 0.4, 0.6);
        // Frontal is the commonest site and occipital the rarest, as in the documented prior.
        Assert.True(byRegion["frontal"] > byRegion.Where(r => r.Key != "frontal").Max(r => r.Value));
    }

    [Fact]
    public void MultifocalAndNonEnhancingFractions_WithinToleranceOfThePrior()
    {
        var multifocal = population.Measured.Count(c => c.Foci.Count >= 2) / (double)RealisticPopulation.Cases;
        var nonEnhancing = population.Measured.Count(c => c.EnhancingVoxels == 0) / (double)RealisticPopulation.Cases;
        output.WriteLine($"multifocal {multifocal:P1} (prior {LesionPrior.MultifocalFraction:P0}), no enhancing tumour {nonEnhancing:P1} (prior {LesionPrior.NonEnhancingFraction:P0})");

        // 200 cases: a binomial standard deviation of 2.5 points; 6 points is 2.4 of them.
        Assert.InRange(multifocal, LesionPrior.MultifocalFraction - 0.06, LesionPrior.MultifocalFraction + 0.06);
        Assert.InRange(nonEnhancing, LesionPrior.NonEnhancingFraction - 0.06, LesionPrior.NonEnhancingFraction + 0.06);
    }

    [Fact]
    public void T1ce_NormalStructuresBrighterThanTheMedianEnhancingVoxel_InMostCases()
    {
        var enhancing = population.Measured.Where(c => c.EnhancingVoxels > 0).ToList();
        var withMimics = enhancing.Count(c => c.BackgroundBrighterThanMedianEnhancing >= 20);
        output.WriteLine($"{withMimics} of {enhancing.Count} enhancing cases have >= 20 non-tumour voxels brighter than their median enhancing voxel");

        Assert.True(withMimics > 0.8 * enhancing.Count, $"{withMimics} of {enhancing.Count}");
    }

    [Fact]
    public void CoreVolumes_FollowTheDocumentedDistribution()
    {
        // Single-focus cases: the core's largest axial cross-section A gives the equal sphere's volume 4/3 pi (A/pi)^1.5.
        var volumes = population.Measured.Where(c => c.Foci.Count == 1).Select(c => 4.0 / 3 * Math.PI * Math.Pow(c.LargestCoreArea / Math.PI, 1.5) / 1000).Order().ToList();
        var n = volumes.Count;
        var d = volumes.Select((v, i) => Math.Max(Math.Abs(LesionPrior.CoreVolumeCdf(v) - (i + 1.0) / n), Math.Abs(LesionPrior.CoreVolumeCdf(v) - (double)i / n))).Max();
        var critical = 1.63 / Math.Sqrt(n); // Kolmogorov-Smirnov, alpha = 0.01
        output.WriteLine($"{n} single-focus cases: median core volume {volumes[n / 2]:F1} ml (prior {LesionPrior.CoreVolumeMedianMl} ml), KS D = {d:F3}, critical {critical:F3}");

        Assert.True(d < critical, $"KS D = {d:F3} >= {critical:F3}");
        Assert.True(volumes[0] < 4, $"smallest core {volumes[0]:F1} ml: small lesions must be present"); // P(none of 120 below 4 ml) is about 1 %
    }

    [Fact]
    public void Acquisition_VariesBetweenCases()
    {
        var manifest = File.ReadAllText(Path.Combine(population.Root, PhantomGenerator.ManifestName));
        var blurred = System.Text.RegularExpressions.Regex.Matches(manifest, "\"blur_sigma_mm\": [1-9]").Count;
        var noise = population.Measured.Select(c => c.BackgroundNoise).ToList();

        Assert.InRange(blurred, 0.2 * RealisticPopulation.Cases, 0.5 * RealisticPopulation.Cases);
        Assert.True(noise.Max() > 2.5 * noise.Min(), $"white-matter noise ranges {noise.Min():F3}..{noise.Max():F3} only");
    }

    [Fact]
    public void SameSeed_SameBytes_OtherDifficulty_OtherBytes()
    {
        using var temp = new TempDirectory();
        string Make(string name, PhantomDifficulty difficulty)
        {
            var root = temp.File(name);
            PhantomGenerator.Generate(new PhantomOptions { OutputDirectory = root, Cases = 3, Seed = 11, Depth = 12, Difficulty = difficulty });
            return Digest(root);
        }

        Assert.Equal(Make("a", PhantomDifficulty.Realistic), Make("b", PhantomDifficulty.Realistic));
        Assert.Equal(Digest(population.Root, cases: 3), Make("c", PhantomDifficulty.Realistic));
        Assert.NotEqual(Make("d", PhantomDifficulty.Realistic), Make("e", PhantomDifficulty.Easy));
    }

    [Fact]
    public void EasyPhantom_ByteIdenticalToTheFirstPhantom()
    {
        using var temp = new TempDirectory();
        var root = temp.File("easy");
        PhantomGenerator.Generate(new PhantomOptions { OutputDirectory = root, Cases = 2, Seed = 1, Depth = 12, Difficulty = PhantomDifficulty.Easy });

        // The voxel bytes of `phantom --cases 2 --depth 12 --seed 1` made by commit 0873ed1, before the realistic phantom
        // (Colin27 anatomy; x86-64 with FMA, as every machine here).
        Assert.Equal("a26f0eb082c2daa69cbaa60fd58357b820ad97517db75cced307aec989ac94b7", Digest(root));
    }

    /// <summary>sha256 over the decompressed bytes of every case file, in name order (gzip framing aside).</summary>
    private static string Digest(string root, int cases = int.MaxValue)
    {
        using var sha = SHA256.Create();
        var files = Directory.GetDirectories(root, "PHANTOM_*").Order(StringComparer.Ordinal).Take(cases)
            .SelectMany(d => Directory.GetFiles(d, "*.nii.gz")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gzip.CopyTo(buffer);
            var bytes = buffer.ToArray();
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(sha.Hash!);
    }
}
