namespace BrainAug.Contracts.Imaging;

/// <summary>
/// Keeps the largest lesion of a generated tumour map: the biggest 8-connected set of pixels that any label channel
/// marks. A small GAN scatters specks around the tumour it draws (and, for whole lesions, across the frame); those
/// specks would be painted as extra tumours, or get the tumour rejected as outside the brain (brainaug-client augment --lesion largest).
/// </summary>
public static class LargestLesion
{
    /// <summary>The map (channels x size², {0, 1}) with every pixel outside its largest lesion cleared; an empty map
    /// stays empty. Ties go to the lesion met first in row order.</summary>
    public static byte[] Keep(byte[] labels, int channels, int size)
    {
        var plane = size * size;
        var component = new int[plane]; // 0 = background or not yet visited, else the lesion's number
        var (largest, largestSize, next) = (0, 0, 1);
        var stack = new Stack<int>();
        for (var start = 0; start < plane; start++)
        {
            if (component[start] != 0 || !LabelPlanes.AnyAt(labels, channels, plane, start)) continue;
            var pixels = Flood(labels, channels, size, start, next, component, stack);
            if (pixels > largestSize) (largest, largestSize) = (next, pixels);
            next++;
        }
        var kept = new byte[labels.Length];
        for (var p = 0; p < plane; p++)
            if (component[p] == largest && largest != 0)
                for (var c = 0; c < channels; c++) kept[c * plane + p] = labels[c * plane + p];
        return kept;
    }

    private static int Flood(byte[] labels, int channels, int size, int start, int number, int[] component, Stack<int> stack)
    {
        var plane = size * size;
        var count = 0;
        component[start] = number;
        stack.Push(start);
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            count++;
            int x = p % size, y = p / size;
            for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++)
                {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= size || ny >= size) continue;
                    var q = ny * size + nx;
                    if (component[q] != 0 || !LabelPlanes.AnyAt(labels, channels, plane, q)) continue;
                    component[q] = number;
                    stack.Push(q);
                }
        }
        return count;
    }
}
