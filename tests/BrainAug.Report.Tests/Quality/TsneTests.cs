using BrainAug.Report.Quality;
using BrainAug.Report.Tests.Support;

namespace BrainAug.Report.Tests.Quality;

public class TsneTests
{
    [Fact]
    public void JointProbabilities_MatchScikitLearn()
    {
        var rows = PythonReference.Blobs(3, 20, 10, 2.0, 3);
        var joint = Tsne.JointProbabilities(Tsne.SquaredDistances(rows), rows.Length, 15);
        var reference = PythonReference.Run("""
            import sys, numpy as np
            from scipy.spatial.distance import pdist, squareform
            from sklearn.manifold._t_sne import _joint_probabilities
            x = np.loadtxt(sys.argv[1])
            p = squareform(_joint_probabilities(squareform(pdist(x, 'sqeuclidean')), 15.0, 0))
            print(*p.ravel())
            """, PythonReference.ToDouble(rows));
        var n = rows.Length;
        var worst = Enumerable.Range(0, n * n).Where(k => k / n != k % n).Select(k => Math.Abs(joint[k] - reference[k])).Max();
        Assert.True(worst < 1e-6, $"largest difference from scikit-learn's P: {worst}");
    }

    [Fact]
    public void Embedding_KeepsNeighboursAsWellAsScikitLearnsExactTsne()
    {
        var rows = PythonReference.Blobs(4, 25, 30, 3.0, 5);
        var embedding = Tsne.Embed(rows, seed: 1, new TsneOptions { Perplexity = 20 });
        // Trustworthiness (how many embedding neighbours were true neighbours) of ours and of scikit-learn's.
        var scores = PythonReference.Run("""
            import sys, numpy as np
            from sklearn.manifold import TSNE, trustworthiness
            x = np.loadtxt(sys.argv[1]); ours = np.loadtxt(sys.argv[2])
            theirs = TSNE(perplexity=20, method='exact', init='random', random_state=0).fit_transform(x)
            print(trustworthiness(x, ours, n_neighbors=5), trustworthiness(x, theirs, n_neighbors=5))
            """, PythonReference.ToDouble(rows), embedding);
        Assert.True(scores[0] > 0.95, $"trustworthiness {scores[0]:F3}");
        Assert.True(scores[0] >= scores[1] - 0.02, $"trustworthiness {scores[0]:F3} vs scikit-learn's {scores[1]:F3}");
        // Blobs stay apart: each point's nearest embedded neighbour belongs to its own blob.
        for (var i = 0; i < embedding.Length; i++)
        {
            var nearest = Enumerable.Range(0, embedding.Length).Where(j => j != i)
                .MinBy(j => Math.Pow(embedding[i][0] - embedding[j][0], 2) + Math.Pow(embedding[i][1] - embedding[j][1], 2));
            Assert.Equal(i / 25, nearest / 25);
        }
    }

    [Fact]
    public void Embedding_IsReproducibleFromItsSeed()
    {
        var rows = PythonReference.Blobs(2, 15, 8, 1.0, 9);
        var options = new TsneOptions { Iterations = 300 };
        var first = Tsne.Embed(rows, 4, options);
        var again = Tsne.Embed(rows, 4, options);
        var other = Tsne.Embed(rows, 5, options);
        Assert.Equal(first.SelectMany(p => p), again.SelectMany(p => p));
        Assert.NotEqual(first.SelectMany(p => p), other.SelectMany(p => p));
    }
}
