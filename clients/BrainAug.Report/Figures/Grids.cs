using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Png;

namespace BrainAug.Report.Figures;

/// <summary>Image grids (PNG) of slices, overlays and nearest-neighbour pairs; small slices are enlarged.</summary>
public static class Grids
{
    /// <summary>Slices as image | mask overlay pairs, <paramref name="columns"/> pairs per row.</summary>
    public static void Slices(string path, IReadOnlyList<BrainSlice> slices, int columns)
    {
        var shown = slices.Take(columns * 2).ToList();
        var tile = TileSize(shown[0].Size);
        var montage = new Montage((shown.Count + columns - 1) / columns, columns * 2, tile);
        for (var i = 0; i < shown.Count; i++)
        {
            var grey = SliceRenderer.Grey(shown[i].Channel(0));
            montage.Place(i / columns, (i % columns) * 2, Enlarge(SliceRenderer.GreyToRgb(grey), shown[i].Size, tile));
            montage.Place(i / columns, (i % columns) * 2 + 1, Enlarge(SliceRenderer.Overlay(grey, Binary(shown[i].Label)), shown[i].Size, tile));
        }
        montage.Save(path);
    }

    /// <summary>One row per arm, one column per test slice: agreement yellow, missed tumour green, false tumour red.</summary>
    public static void Overlays(string path, IReadOnlyList<BrainSlice> testSlices, IReadOnlyList<IReadOnlyList<float[]>> probabilitiesByArm)
    {
        var size = testSlices[0].Size;
        var tile = TileSize(size);
        var montage = new Montage(probabilitiesByArm.Count + 1, testSlices.Count, tile);
        for (var c = 0; c < testSlices.Count; c++)
        {
            var grey = SliceRenderer.Grey(testSlices[c].Channel(0));
            montage.Place(0, c, Enlarge(SliceRenderer.GreyToRgb(grey), size, tile));
            for (var a = 0; a < probabilitiesByArm.Count; a++)
            {
                var probability = probabilitiesByArm[a][c];
                var labels = testSlices[c].Label.Select((t, i) => (t != 0, probability[i] >= 0.5) switch
                {
                    (true, true) => (byte)3, (true, false) => (byte)2, (false, true) => (byte)1, _ => (byte)0,
                }).ToArray();
                montage.Place(a + 1, c, Enlarge(SliceRenderer.Overlay(grey, labels), size, tile));
            }
        }
        montage.Save(path);
    }

    /// <summary>Pairs side by side: the query slice and its nearest reference slice, one pair per row.</summary>
    public static void Pairs(string path, IReadOnlyList<(BrainSlice Query, BrainSlice Reference)> pairs)
    {
        var size = pairs[0].Query.Size;
        var tile = TileSize(size);
        var montage = new Montage(pairs.Count, 2, tile);
        for (var r = 0; r < pairs.Count; r++)
        {
            montage.Place(r, 0, Enlarge(SliceRenderer.GreyToRgb(SliceRenderer.Grey(pairs[r].Query.Channel(0))), size, tile));
            montage.Place(r, 1, Enlarge(SliceRenderer.GreyToRgb(SliceRenderer.Grey(pairs[r].Reference.Channel(0))), size, tile));
        }
        montage.Save(path);
    }

    /// <summary>Inpainted pairs, one per row: host | host with the region (green) | synthetic | synthetic with its label (red).</summary>
    public static void Inpainted(string path, IReadOnlyList<Experiment.InpaintedPair> pairs)
    {
        var size = pairs[0].Synthetic.Size;
        var tile = TileSize(size);
        var montage = new Montage(pairs.Count, 4, tile);
        for (var r = 0; r < pairs.Count; r++)
        {
            var host = SliceRenderer.Grey(pairs[r].Host!.Channel(0));
            var synthetic = SliceRenderer.Grey(pairs[r].Synthetic.Channel(0));
            montage.Place(r, 0, Enlarge(SliceRenderer.GreyToRgb(host), size, tile));
            montage.Place(r, 1, Enlarge(SliceRenderer.Overlay(host, [.. pairs[r].Region.Select(v => v ? (byte)2 : (byte)0)]), size, tile));
            montage.Place(r, 2, Enlarge(SliceRenderer.GreyToRgb(synthetic), size, tile));
            montage.Place(r, 3, Enlarge(SliceRenderer.Overlay(synthetic, Binary(pairs[r].Synthetic.Label)), size, tile));
        }
        montage.Save(path);
    }

    private static byte[] Binary(byte[] labels) => labels.Select(v => v != 0 ? (byte)1 : (byte)0).ToArray();

    // Small slices are drawn at least 128 pixels wide (whole multiples, nearest neighbour) so they can be seen.
    private static int TileSize(int size) => size * Math.Max(1, (int)Math.Ceiling(128.0 / size));

    private static byte[] Enlarge(byte[] rgb, int size, int tile)
    {
        if (tile == size) return rgb;
        var factor = tile / size;
        var result = new byte[tile * tile * 3];
        for (var y = 0; y < tile; y++)
            for (var x = 0; x < tile; x++)
                rgb.AsSpan(((y / factor) * size + x / factor) * 3, 3).CopyTo(result.AsSpan((y * tile + x) * 3));
        return result;
    }
}
