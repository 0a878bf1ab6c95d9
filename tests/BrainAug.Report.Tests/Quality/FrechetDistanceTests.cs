using BrainAug.Report.Quality;
using BrainAug.Report.Tests.Support;

namespace BrainAug.Report.Tests.Quality;

public class FrechetDistanceTests
{
    // 12 features, 60 and 80 samples: the feature-space path; 50 features, 20 and 30 samples: the sample-space path
    // (fewer samples than features, as the paper preset's 1024 features with a few hundred slices).
    [Theory]
    [InlineData(12, 60, 40)]
    [InlineData(50, 20, 15)]
    public void RandomSets_MatchScipySqrtmFormula(int features, int firstCount, int secondPerBlob)
    {
        var first = PythonReference.Blobs(1, firstCount, features, 1.0, 21);
        var second = PythonReference.Blobs(2, secondPerBlob, features, 1.5, 22);
        var ours = FrechetDistance.Between(first, second);
        var reference = PythonReference.Run("""
            import sys, numpy as np
            from scipy.linalg import sqrtm
            a = np.loadtxt(sys.argv[1]); b = np.loadtxt(sys.argv[2])
            m1, m2 = a.mean(0), b.mean(0); s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
            print(((m1 - m2) ** 2).sum() + np.trace(s1 + s2 - 2 * sqrtm(s1 @ s2).real))
            """, PythonReference.ToDouble(first), PythonReference.ToDouble(second));
        Assert.Equal(reference[0], ours, 1e-6 * Math.Max(1, reference[0]));
    }

    [Fact]
    public void SameSet_IsZero_AndAShift_AddsItsSquaredLength()
    {
        var set = PythonReference.Blobs(1, 50, 6, 1.0, 23);
        Assert.Equal(0, FrechetDistance.Between(set, set), 1e-9);
        // Moving every vector by (3, 4, 0, ...) moves the mean by length 5 and leaves the covariance alone.
        var shifted = set.Select(v => v.Select((x, i) => x + (i == 0 ? 3f : i == 1 ? 4f : 0f)).ToArray()).ToList();
        Assert.Equal(25, FrechetDistance.Between(set, shifted), 1e-3);
    }

    [Fact]
    public void JacobiEigen_MatchesNumpy()
    {
        var rows = PythonReference.Blobs(1, 30, 8, 1.0, 24);
        var (_, covariance) = FrechetDistance.MeanAndCovariance(rows, 8);
        var (values, vectors) = SymmetricEigen.Decompose(covariance, 8);
        var matrix = Enumerable.Range(0, 8).Select(i => covariance.Skip(i * 8).Take(8).ToArray()).ToArray();
        var reference = PythonReference.Run("import sys, numpy as np; print(*np.linalg.eigvalsh(np.loadtxt(sys.argv[1])))", matrix);
        Assert.Equal(reference, values.Order().ToArray(), (a, b) => Math.Abs(a - b) < 1e-9);
        // A = V diag(l) V^T
        for (var i = 0; i < 8; i++)
            for (var j = 0; j < 8; j++)
                Assert.Equal(covariance[i * 8 + j], Enumerable.Range(0, 8).Sum(k => vectors[i * 8 + k] * values[k] * vectors[j * 8 + k]), 1e-9);
    }
}
