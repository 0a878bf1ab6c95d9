using BrainAug.Contracts.Training;

namespace BrainAug.Contracts.Imaging;

/// <summary>
/// BraTS's three nested evaluation regions over the internal labels (<see cref="TumourLabels"/>): whole tumour WT = any
/// label, tumour core TC = core or enhancing, enhancing tumour ET = enhancing. The one place that maps the regions
/// (<see cref="TargetRegion.Wt"/>, <see cref="TargetRegion.Tc"/>, <see cref="TargetRegion.Et"/>) to labels and back;
/// their order here (WT, TC, ET) is the channel order of a regions Seg-DNN.
/// </summary>
public static class BratsRegions
{
    /// <summary>The regions in channel order.</summary>
    public static readonly IReadOnlyList<TargetRegion> Order = [TargetRegion.Wt, TargetRegion.Tc, TargetRegion.Et];

    /// <summary>The regions' words in files and on command lines, in channel order: wt, tc, et.</summary>
    public static readonly IReadOnlyList<string> Words = [.. Order.Select(Contracts.Words.Of)];

    /// <summary>The regions' names in tables, in channel order: WT, TC, ET.</summary>
    public static readonly IReadOnlyList<string> Names = [.. Words.Select(w => w.ToUpperInvariant())];

    public static int Count => Order.Count;

    private static readonly IReadOnlyList<string> Meanings = ["whole tumour", "tumour core", "enhancing tumour"];

    /// <summary>A region's word for a table's title, e.g. "ET (enhancing tumour)"; any other word as it is.</summary>
    public static string Describe(string word)
    {
        var channel = Words.ToList().IndexOf(word);
        return channel < 0 ? word : $"{Names[channel]} ({Meanings[channel]})";
    }

    /// <summary>Whether one of the three regions holds an internal label.</summary>
    public static bool Contains(TargetRegion region, byte label) => region switch
    {
        TargetRegion.Wt => label != TumourLabels.Background,
        TargetRegion.Tc => label is TumourLabels.NecroticCore or TumourLabels.Enhancing,
        TargetRegion.Et => label == TumourLabels.Enhancing,
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "a BraTS region is wt, tc or et"),
    };

    /// <summary>Whether region channel <paramref name="channel"/> (0 WT, 1 TC, 2 ET) holds an internal label.</summary>
    public static bool Contains(int channel, byte label) => Contains(Order[channel], label);

    /// <summary>Whether a target is one of the three regions (not multiclass or regions).</summary>
    public static bool IsRegion(TargetRegion target) => Order.Contains(target);

    /// <summary>The internal label a pixel marked only as <paramref name="region"/> stands for: the label inside that
    /// region and outside every region it holds (ET enhancing, TC core, WT edema).</summary>
    public static byte OwnLabel(TargetRegion region) => Label(region == TargetRegion.Wt, region == TargetRegion.Tc, region == TargetRegion.Et);

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
        enhancing ? TumourLabels.Enhancing : tumourCore ? TumourLabels.NecroticCore : wholeTumour ? TumourLabels.Edema : TumourLabels.Background;

    /// <summary>The internal label map of one sample's three region planes (WT, TC, ET, one after the other), each
    /// region where its probability reaches the threshold.</summary>
    public static void Labels(ReadOnlySpan<float> planes, float threshold, Span<byte> labels)
    {
        var pixels = labels.Length;
        for (var p = 0; p < pixels; p++)
            labels[p] = Label(planes[p] >= threshold, planes[pixels + p] >= threshold, planes[2 * pixels + p] >= threshold);
    }
}
