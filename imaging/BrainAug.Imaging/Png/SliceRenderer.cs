using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Png;

/// <summary>Renders slices and label maps to 8-bit pixels for looking at data (not for training).</summary>
public static class SliceRenderer
{
    /// <summary>Label colours for the internal convention: core red, edema green, enhancing yellow;
    /// a binary mask (value 1) is drawn red.</summary>
    private static readonly byte[][] LabelColours =
    [
        [0, 0, 0],
        [230, 40, 40],
        [40, 200, 60],
        [250, 220, 30],
    ];

    /// <summary>Grey pixels, windowed to the 0.5th-99.5th percentile of the non-zero values.</summary>
    public static byte[] Grey(ReadOnlySpan<float> values)
    {
        var (low, high) = Window(values);
        var pixels = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
            pixels[i] = values[i] == 0 ? (byte)0 : (byte)Math.Clamp((values[i] - low) / (high - low) * 255, 0, 255);
        return pixels;
    }

    /// <summary>Labels as colours (grey for binary 0/1 masks: white tumour on black).</summary>
    public static byte[] LabelRgb(byte[] labels, bool binary)
    {
        var rgb = new byte[labels.Length * 3];
        for (var i = 0; i < labels.Length; i++)
        {
            var colour = binary ? (labels[i] != 0 ? [255, 255, 255] : LabelColours[0]) : LabelColours[Math.Min(labels[i], (byte)3)];
            colour.CopyTo(rgb, i * 3);
        }
        return rgb;
    }

    /// <summary>The grey image with labels blended in at 45 % opacity.</summary>
    public static byte[] Overlay(byte[] grey, byte[] labels)
    {
        var rgb = new byte[grey.Length * 3];
        for (var i = 0; i < grey.Length; i++)
        {
            var colour = LabelColours[Math.Min(labels[i], (byte)3)];
            for (var c = 0; c < 3; c++)
                rgb[i * 3 + c] = labels[i] == 0 ? grey[i] : (byte)(0.55 * grey[i] + 0.45 * colour[c]);
        }
        return rgb;
    }

    public static byte[] GreyToRgb(byte[] grey) => grey.SelectMany(g => new[] { g, g, g }).ToArray();

    /// <summary>Writes image (first channel), mask and overlay PNGs of a slice; returns the three paths.</summary>
    public static string[] WriteSlicePngs(BrainSlice slice, string directory, bool binary)
    {
        var stem = Path.Combine(directory, $"{slice.CaseId}_z{slice.SliceIndex:D3}");
        var grey = Grey(slice.Channel(0));
        var overlayLabels = binary ? slice.Label.Select(v => v != 0 ? (byte)1 : (byte)0).ToArray() : slice.Label;
        string[] paths = [stem + "_image.png", stem + "_mask.png", stem + "_overlay.png"];
        PngWriter.Write(paths[0], slice.Size, slice.Size, grey, rgb: false);
        PngWriter.Write(paths[1], slice.Size, slice.Size, LabelRgb(slice.Label, binary), rgb: true);
        PngWriter.Write(paths[2], slice.Size, slice.Size, Overlay(grey, overlayLabels), rgb: true);
        return paths;
    }

    private static (float Low, float High) Window(ReadOnlySpan<float> values)
    {
        var nonZero = new List<float>(values.Length);
        foreach (var v in values) if (v != 0) nonZero.Add(v);
        if (nonZero.Count == 0) return (0, 1);
        nonZero.Sort();
        var low = nonZero[(int)(0.005 * (nonZero.Count - 1))];
        var high = nonZero[(int)(0.995 * (nonZero.Count - 1))];
        return high > low ? (low, high) : (low, low + 1);
    }
}
