namespace BrainAug.Contracts.Imaging;

/// <summary>
/// Moves a label map's tumour so that its centroid sits at the centre of the frame (brainaug-trainer tumour
/// --centred). A small DCGAN given maps with the tumour anywhere in the frame has to learn where tumours sit and what
/// they look like at once, and on the phantom it learnt neither the ring of enhancing tumour round its core; with
/// the position taken out it only has to learn the shape, and the augmentation client places the tumour.
/// </summary>
public static class LabelCentring
{
    /// <summary>The map (size², any labels) shifted by whole pixels so that the centroid of its non-zero pixels is
    /// as near the frame's centre as whole pixels allow; pixels shifted past the edge are dropped (a tumour wider than
    /// half the frame loses its far side). An empty map is returned unchanged.</summary>
    public static byte[] Centre(ReadOnlySpan<byte> label, int size)
    {
        double sumX = 0, sumY = 0;
        var count = 0;
        for (var p = 0; p < size * size; p++)
            if (label[p] != 0) (sumX, sumY, count) = (sumX + p % size, sumY + p / size, count + 1);
        if (count == 0) return label.ToArray();
        var centre = (size - 1) / 2.0;
        var (dx, dy) = ((int)Math.Round(centre - sumX / count), (int)Math.Round(centre - sumY / count));
        var shifted = new byte[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var (tx, ty) = (x + dx, y + dy);
                if (tx >= 0 && ty >= 0 && tx < size && ty < size) shifted[ty * size + tx] = label[y * size + x];
            }
        return shifted;
    }
}
