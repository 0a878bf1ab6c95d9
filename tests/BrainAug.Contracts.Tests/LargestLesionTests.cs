using BrainAug.Contracts.Imaging;

namespace BrainAug.Contracts.Tests;

public class LargestLesionTests
{
    private const int Size = 8, Plane = Size * Size;

    private static void Mark(byte[] labels, int channel, int x, int y) => labels[channel * Plane + y * Size + x] = 1;

    [Fact]
    public void Keep_KeepsTheLesionJoinedAcrossChannelsAndDiagonals_AndClearsTheSpecks()
    {
        var labels = new byte[2 * Plane];
        for (var y = 1; y <= 3; y++)
            for (var x = 1; x <= 3; x++) Mark(labels, 0, x, y); // a 3x3 lesion in the first channel
        Mark(labels, 1, 4, 4); // touching it only at a corner, in the second channel: the same lesion
        Mark(labels, 1, 2, 2); // the second channel inside it
        Mark(labels, 0, 7, 0); // specks
        Mark(labels, 1, 6, 7);

        var kept = LargestLesion.Keep(labels, 2, Size);

        var expected = (byte[])labels.Clone();
        expected[0 * Plane + 0 * Size + 7] = 0;
        expected[1 * Plane + 7 * Size + 6] = 0;
        Assert.Equal(expected, kept);
    }

    [Fact]
    public void Keep_OfTwoEqualLesions_KeepsTheFirstInRowOrder_AndAnEmptyMapStaysEmpty()
    {
        var labels = new byte[Plane];
        Mark(labels, 0, 5, 1);
        Mark(labels, 0, 6, 1);
        Mark(labels, 0, 0, 5);
        Mark(labels, 0, 1, 5);

        var kept = LargestLesion.Keep(labels, 1, Size);

        Assert.Equal([1 * Size + 5, 1 * Size + 6], Enumerable.Range(0, Plane).Where(p => kept[p] != 0));
        Assert.All(LargestLesion.Keep(new byte[Plane], 1, Size), v => Assert.Equal(0, v));
    }
}
