using BrainAug.Report.Quality;
using BrainAug.Report.Tests.Support;

namespace BrainAug.Report.Tests.Quality;

public class ClassifierTwoSampleTestTests
{
    [Fact]
    public void SeparableSets_AreToldApart()
    {
        // Two Gaussian blobs whose centres lie about 10 standard deviations apart in every coordinate.
        var first = PythonReference.Blobs(1, 100, 6, 1.0, 41);
        var second = PythonReference.Blobs(1, 120, 6, 1.0, 42);
        var test = ClassifierTwoSampleTest.Between(first, second, seed: 1);
        Assert.Equal(100, test.PerSet);
        Assert.True(test.Accuracy >= 0.95, $"accuracy {test.Accuracy}");
        Assert.True(test.Low > 0.9, $"interval [{test.Low}, {test.High}]");
    }

    [Fact]
    public void SetsFromOneDistribution_AreNot()
    {
        var pool = PythonReference.Blobs(1, 240, 6, 1.0, 43);
        var test = ClassifierTwoSampleTest.Between(pool[..120], pool[120..], seed: 1);
        Assert.InRange(0.5, test.Low, test.High);
        Assert.InRange(test.Accuracy, 0.35, 0.65);
    }

    [Fact]
    public void ASmallShift_IsFound_WithAnIntervalAboveChance()
    {
        var pool = PythonReference.Blobs(1, 400, 6, 1.0, 44);
        var shifted = pool[200..].Select(v => v.Select(x => x + 0.5f).ToArray()).ToArray();
        var test = ClassifierTwoSampleTest.Between(pool[..200], shifted, seed: 1);
        Assert.True(test.Low > 0.5, $"accuracy {test.Accuracy} [{test.Low}, {test.High}]");
        Assert.True(test.Accuracy < 0.95, $"accuracy {test.Accuracy}: a half-sd shift should still overlap");
    }

    [Fact]
    public void WilsonInterval_MatchesTheTextbookValue()
    {
        // 8 of 10: Wilson's 95 % interval is [0.4902, 0.9433].
        var (low, high) = ClassifierTwoSampleTest.WilsonInterval(8, 10);
        Assert.Equal(0.4902, low, 4);
        Assert.Equal(0.9433, high, 4);
    }

    [Fact]
    public void TooFewSamples_AreRefused() =>
        Assert.Throws<ArgumentException>(() => ClassifierTwoSampleTest.Between(PythonReference.Blobs(1, 9, 2, 1, 45), PythonReference.Blobs(1, 50, 2, 1, 46), 1));
}
