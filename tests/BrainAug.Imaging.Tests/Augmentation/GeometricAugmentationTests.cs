using BrainAug.Imaging.Augmentation;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Tests.Augmentation;

public class GeometricAugmentationTests
{
    private const int Size = 48;

    /// <summary>A slice whose image is a bright Gaussian spot exactly where the mask has its one pixel.</summary>
    private static BrainSlice Marked(int x, int y)
    {
        var image = new float[Size * Size];
        var label = new byte[Size * Size];
        for (var py = 0; py < Size; py++)
            for (var px = 0; px < Size; px++)
                image[py * Size + px] = (float)Math.Exp(-((px - x) * (px - x) + (py - y) * (py - y)) / 2.0);
        label[y * Size + x] = 1;
        return new BrainSlice("case", 0, 1, Size, image, label);
    }

    [Theory]
    [InlineData(1UL, 20, 25)]
    [InlineData(2UL, 30, 14)]
    [InlineData(3UL, 24, 24)]
    [InlineData(4UL, 12, 33)]
    [InlineData(5UL, 35, 30)]
    public void Apply_MaskPixelLandsWhereTheImageSpotLands(ulong seed, int x, int y)
    {
        var augmented = GeometricAugmentation.Apply(Marked(x, y), new SeededRandom(seed), new GeometricAugmentationOptions { MinScale = 1.3, MaxScale = 1.4 });

        // Scaled up 1.3-1.4x so the one-pixel mark survives nearest sampling; it must sit at the image's peak.
        var marked = Enumerable.Range(0, Size * Size).Where(p => augmented.Label[p] == 1).ToList();
        var peak = Array.IndexOf(augmented.Image, augmented.Image.Max());
        Assert.NotEmpty(marked);
        Assert.All(marked, p => Assert.True(Math.Abs(p % Size - peak % Size) <= 1 && Math.Abs(p / Size - peak / Size) <= 1,
            $"mask pixel ({p % Size},{p / Size}) but image peak ({peak % Size},{peak / Size})"));
    }

    [Fact]
    public void Apply_SameSeedSameResult_OtherSeedOtherResult()
    {
        var slice = Marked(20, 25);

        var first = GeometricAugmentation.Apply(slice, new SeededRandom(9));
        var again = GeometricAugmentation.Apply(slice, new SeededRandom(9));
        var other = GeometricAugmentation.Apply(slice, new SeededRandom(10));

        Assert.Equal(first.Image, again.Image);
        Assert.NotEqual(first.Image, other.Image);
    }

    [Fact]
    public void Apply_LabelsStayInTheirSetAndImageShapeKept()
    {
        var slice = Marked(24, 24) with { Label = Enumerable.Range(0, Size * Size).Select(p => (byte)(p % 4)).ToArray() };

        var augmented = GeometricAugmentation.Apply(slice, new SeededRandom(3));

        Assert.Equal(slice.Image.Length, augmented.Image.Length);
        Assert.All(augmented.Label, v => Assert.InRange(v, (byte)0, (byte)3));
    }

    [Fact]
    public void LazyCopies_OfTheSyntheticStream_DrawOtherTransformsThanTheRealCopiesOfTheSameSeed()
    {
        IReadOnlyList<BrainSlice> slices = [Marked(20, 25), Marked(30, 14), Marked(12, 33)];
        var real = GeometricAugmentation.LazyCopies(slices, 3, seed: 7);
        var synthetic = GeometricAugmentation.LazyCopies(slices, 3, seed: 7, GeometricAugmentation.SyntheticStream);

        Assert.All(Enumerable.Range(0, 3), i => Assert.NotEqual(real[i].Image, synthetic[i].Image));
        Assert.Equal(synthetic.Select(s => s.Image), GeometricAugmentation.LazyCopies(slices, 3, seed: 7, GeometricAugmentation.SyntheticStream).Select(s => s.Image));
    }

    [Fact]
    public void LazyCopies_SameSlicesAsCopiesAndAsApplyingInOrder_WhateverOrderTheyAreRead()
    {
        IReadOnlyList<BrainSlice> real = [Marked(20, 25), Marked(30, 14), Marked(12, 33)];
        var random = SeededRandom.For(7, GeometricAugmentation.RealCopiesStream);
        var inOrder = Enumerable.Range(0, 5).Select(i => GeometricAugmentation.Apply(real[i % real.Count], random)).ToList();

        var lazy = GeometricAugmentation.LazyCopies(real, 5, seed: 7);
        var readBackwards = Enumerable.Range(0, 5).Reverse().Select(i => lazy[i]).Reverse().ToList();

        Assert.Equal(inOrder.Select(s => s.Image), readBackwards.Select(s => s.Image));
        Assert.Equal(inOrder.Select(s => s.Label), readBackwards.Select(s => s.Label));
        Assert.Equal(inOrder.Select(s => s.Image), GeometricAugmentation.Copies(real, 5, seed: 7).Select(s => s.Image));
        Assert.Equal(inOrder.Select(s => s.Label), Enumerable.Range(0, 5).Select(i => SliceLabels.Of(lazy, i))); // labels without the image
        var joined = new ConcatenatedSliceList([real, lazy]);
        Assert.Equal([.. real.Select(s => s.Label), .. inOrder.Select(s => s.Label)], Enumerable.Range(0, joined.Count).Select(i => SliceLabels.Of(joined, i)));
        Assert.Equal(inOrder[4].Image, joined[7].Image);
    }
}
