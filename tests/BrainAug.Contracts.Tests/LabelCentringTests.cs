using BrainAug.Contracts.Imaging;

namespace BrainAug.Contracts.Tests;

public class LabelCentringTests
{
    private const int Size = 9;

    [Fact]
    public void Centre_MovesARingInTheCornerToTheMiddle_KeepingItsShapeAndLabels()
    {
        var label = new byte[Size * Size];
        for (var y = 0; y <= 2; y++)
            for (var x = 0; x <= 2; x++)
                label[y * Size + x] = (x, y) == (1, 1) ? (byte)1 : (byte)4; // a ring of 4 round a core of 1, centroid (1, 1)

        var centred = LabelCentring.Centre(label, Size);

        var expected = new byte[Size * Size];
        for (var y = 3; y <= 5; y++)
            for (var x = 3; x <= 5; x++)
                expected[y * Size + x] = (x, y) == (4, 4) ? (byte)1 : (byte)4; // centroid at the frame's centre (4, 4)
        Assert.Equal(expected, centred);
    }

    [Fact]
    public void Centre_OfTwoLesions_KeepsTheirDistance_AndAnEmptyMapStaysEmpty()
    {
        var label = new byte[Size * Size];
        label[1 * Size + 6] = 1;
        label[1 * Size + 8] = 1; // centroid (7, 1)

        var centred = LabelCentring.Centre(label, Size);

        Assert.Equal([4 * Size + 3, 4 * Size + 5], Enumerable.Range(0, centred.Length).Where(p => centred[p] != 0));
        Assert.Equal(new byte[Size * Size], LabelCentring.Centre(new byte[Size * Size], Size));
    }
}
