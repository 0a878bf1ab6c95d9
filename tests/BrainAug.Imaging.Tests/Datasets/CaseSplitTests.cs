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

    [Fact]
    public void Fold_TestSetsPartitionTheCases_AndNoFoldTrainsOnItsOwn()
    {
        var folds = Enumerable.Range(1, 3).Select(f => CaseSplit.Fold(Ids.Reverse(), 3, f, 0.1, seed: 1)).ToList();

        Assert.Equal(Ids.Order(), folds.SelectMany(f => f.Test).Order());
        Assert.Equal([14, 13, 13], folds.Select(f => f.Test.Count));
        foreach (var f in folds)
        {
            Assert.Empty(f.Train.Intersect(f.Test));
            Assert.Empty(f.Validation.Intersect(f.Test));
            Assert.Empty(f.Train.Intersect(f.Validation));
            Assert.Equal(Ids.Length, f.Train.Count + f.Validation.Count + f.Test.Count);
            Assert.Equal((int)Math.Round(0.1 * (Ids.Length - f.Test.Count), MidpointRounding.AwayFromZero), f.Validation.Count);
        }
        Assert.Equal(folds[1].Test, CaseSplit.Fold(Ids, 3, 2, 0.1, seed: 1).Test); // whatever the input order
        Assert.NotEqual(folds[0].Test, CaseSplit.Fold(Ids, 3, 1, 0.1, seed: 2).Test);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 0)]
    [InlineData(3, 4)]
    [InlineData(30, 1)] // 40 cases are too few for 30 folds
    public void Fold_BadFoldOrTooFewCases_Throws(int folds, int fold)
    {
        Assert.Throws<ArgumentException>(() => CaseSplit.Fold(Ids, folds, fold, 0.1, seed: 1));
    }

    private static readonly string[] PinnedTest = ["case003", "case008"];
}
