namespace BrainAug.Contracts.Imaging;

/// <summary>
/// BraTS's three nested evaluation regions over the internal labels (1 necrotic/non-enhancing core, 2 edema,
/// 3 enhancing; imaging's TumourLabels): whole tumour WT = any label, tumour core TC = core or enhancing, enhancing
/// tumour ET = enhancing. Their order here (WT, TC, ET) is the channel order of a regions Seg-DNN.
/// </summary>
public static class BratsRegions
{
    public static readonly IReadOnlyList<string> Names = ["WT", "TC", "ET"];

    public static int Count => Names.Count;

    /// <summary>Whether internal label <paramref name="label"/> lies in region <paramref name="region"/> (0 WT, 1 TC, 2 ET).</summary>
    public static bool Contains(int region, byte label) => region switch
    {
        0 => label != 0,
        1 => label is 1 or 3,
        2 => label == 3,
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "regions are 0 WT, 1 TC, 2 ET"),
    };

    /// <summary>The three region planes (1 inside, 0 outside) of a label map, one after the other.</summary>
    public static void Write(ReadOnlySpan<byte> labels, Span<float> planes)
    {
        for (var r = 0; r < Count; r++)
            for (var p = 0; p < labels.Length; p++)
                planes[r * labels.Length + p] = Contains(r, labels[p]) ? 1f : 0f;
    }

    /// <summary>The internal label of a pixel from its three region decisions, the innermost region winning (as
    /// nnU-Net's regions_class_order does): ET gives enhancing, else TC core, else WT edema, else background.</summary>
    public static byte Label(bool wholeTumour, bool tumourCore, bool enhancing) =>
        enhancing ? (byte)3 : tumourCore ? (byte)1 : wholeTumour ? (byte)2 : (byte)0;
}
