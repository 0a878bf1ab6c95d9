using BrainAug.Report.Quality;
using BrainAug.Report.Tests.Support;

namespace BrainAug.Report.Tests.Quality;

public class SsimAndNeighbourTests
{
    private static float[] Image(int size, ulong seed, double smooth)
    {
        var random = BrainAug.Imaging.Common.SeededRandom.For(seed, 3);
        return [.. Enumerable.Range(0, size * size).Select(i => (float)Math.Clamp(0.5 + smooth * Math.Sin(i % size / 5.0 + seed) * Math.Cos(i / size / 7.0) + 0.1 * random.NextGaussian(), 0, 1))];
    }

    [Fact]
    public void Ssim_MatchesScikitImage()
    {
        var a = Image(48, 1, 0.3);
        var b = Image(48, 2, 0.25);
        var reference = PythonReference.Run("""
            import sys, numpy as np
            from skimage.metrics import structural_similarity
            a = np.loadtxt(sys.argv[1]); b = np.loadtxt(sys.argv[2])
            print(structural_similarity(a, b, data_range=1.0, gaussian_weights=True, sigma=1.5, use_sample_covariance=False))
            """, [.. a.Chunk(48).Select(r => r.Select(v => (double)v).ToArray())], [.. b.Chunk(48).Select(r => r.Select(v => (double)v).ToArray())]);
        Assert.Equal(reference[0], Ssim.Compute(a, b, 48), 1e-6);
    }

    [Fact]
    public void Ssim_OfAnImageWithItself_IsOne_AndOfConstantsIsTheLuminanceTerm()
    {
        var a = Image(32, 3, 0.3);
        Assert.Equal(1, Ssim.Compute(a, a, 32), 1e-12);
        // Constant images: no structure, so SSIM = (2 a b + C1) / (a^2 + b^2 + C1).
        var c1 = 0.01 * 0.01;
        var expected = (2 * 0.2 * 0.6 + c1) / (0.2 * 0.2 + 0.6 * 0.6 + c1);
        Assert.Equal(expected, Ssim.Compute(Enumerable.Repeat(0.2f, 1024).ToArray(), Enumerable.Repeat(0.6f, 1024).ToArray(), 32), 1e-6);
    }

    [Fact]
    public void NearestNeighbour_FindsTheCopiedImage()
    {
        var references = Enumerable.Range(0, 12).Select(i => Image(16, (ulong)i + 10, 0.3)).ToList();
        var queries = new List<float[]> { references[7].ToArray(), references[3].Select(v => v + 0.1f).ToArray() };
        var found = NearestNeighbours.Find(queries, references);
        Assert.Equal((7, 0.0), (found[0].Reference, found[0].Distance));
        Assert.Equal(3, found[1].Reference);
        Assert.Equal(0.1, found[1].Distance, 1e-6);
    }
}
