using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Tests.Datasets;

public class CaseSplitTests
{
    private static readonly string[] Ids = Enumerable.Range(0, 40).Select(i => $"case{i:D3}").ToArray();

    [Fact]
    public void Create_DisjointCompleteAndSized()
    {
        var split = CaseSplit.Create(Ids, 0.1, 0.2, seed: 1);

        Assert.Equal(28, split.Train.Count);
        Assert.Equal(4, split.Validation.Count);
        Assert.Equal(8, split.Test.Count);
        Assert.Equal(Ids.Order(), split.Train.Concat(split.Validation).Concat(split.Test).Order());
    }

    [Fact]
    public void Create_SameSeedSameSplitWhateverTheInputOrder()
    {
        var first = CaseSplit.Create(Ids, 0.1, 0.2, seed: 5);
        var second = CaseSplit.Create(Ids.Reverse(), 0.1, 0.2, seed: 5);

        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Validation, second.Validation);
        Assert.Equal(first.Test, second.Test);
    }

    [Fact]
    public void Create_OtherSeedOtherSplit()
    {
        Assert.NotEqual(CaseSplit.Create(Ids, 0.1, 0.2, seed: 1).Test, CaseSplit.Create(Ids, 0.1, 0.2, seed: 2).Test);
    }

    [Fact]
    public void Create_FixedSeedGivesAPinnedSplit()
    {
        // Pinned so a change of generator, which would silently move every published split, fails here.
        var split = CaseSplit.Create(Ids.Take(10), 0.2, 0.2, seed: 42);

        Assert.Equal(6, split.Train.Count);
        Assert.Equal(split.Test, CaseSplit.Create(Ids.Take(10), 0.2, 0.2, seed: 42).Test);
        Assert.Equal(PinnedTest, split.Test);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(-0.1, 0.2)]
    public void Create_BadFractions_Throws(double validation, double test)
    {
        Assert.Throws<ArgumentException>(() => CaseSplit.Create(Ids, validation, test, seed: 1));
    }

    [Fact]
    public void Create_TooFewCases_Throws()
    {
        Assert.Throws<ArgumentException>(() => CaseSplit.Create(["a", "b"], 0.3, 0.3, seed: 1));
    }

    private static readonly string[] PinnedTest = ["case003", "case008"];
}
