using BrainAug.Report.Quality;
using BrainAug.Report.Tests.Support;

namespace BrainAug.Report.Tests.Quality;

public class PcaTests
{
    [Fact]
    public void Projections_MatchScikitLearn()
    {
        // Three blobs in 40 dimensions: clear leading components, as images of two kinds give.
        var rows = PythonReference.Blobs(3, 30, 40, 1.0, 11);
        var pca = Pca.Fit(rows, 2, seed: 1);
        // scikit-learn's signs differ by convention: fix each component's largest loading positive, as Pca does.
        var reference = PythonReference.Run("""
            import sys, numpy as np
            from sklearn.decomposition import PCA
            x = np.loadtxt(sys.argv[1])
            p = PCA(n_components=2, svd_solver='full').fit(x)
            comps = p.components_ * np.sign(p.components_[np.arange(2), np.abs(p.components_).argmax(axis=1)])[:, None]
            proj = (x - x.mean(axis=0)) @ comps.T
            print(*p.explained_variance_ratio_, *proj.ravel())
            """, PythonReference.ToDouble(rows));
        Assert.Equal(reference[0], pca.ExplainedVarianceRatio[0], 6);
        Assert.Equal(reference[1], pca.ExplainedVarianceRatio[1], 6);
        var projections = pca.Projections.SelectMany(p => p).ToArray();
        // Relative to the spread of the points: power iteration stops at a tolerance, SVD does not.
        var worst = projections.Select((v, i) => Math.Abs(v - reference[2 + i])).Max() / projections.Max(Math.Abs);
        Assert.True(worst < 1e-5, $"largest difference from scikit-learn, relative: {worst}");
    }

    [Fact]
    public void TooManyComponents_AreRefused() =>
        Assert.Throws<ArgumentException>(() => Pca.Fit([[1f, 2f], [3f, 4f]], 3, 1));
}
