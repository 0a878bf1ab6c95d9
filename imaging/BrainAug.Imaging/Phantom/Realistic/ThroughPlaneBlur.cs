namespace BrainAug.Imaging.Phantom.Realistic;

/// <summary>
/// A thick-slice acquisition resampled to 1 mm: a Gaussian along z (sigma in mm) applied to one volume in place;
/// background (0) stays 0 so the brain outline is unchanged, and edges use the nearest slice.
/// </summary>
internal static class ThroughPlaneBlur
{
    public static void Apply(float[] volume, PhantomGrid grid, double sigmaMm)
    {
        var half = (int)Math.Ceiling(2.5 * sigmaMm);
        var kernel = Enumerable.Range(-half, 2 * half + 1).Select(d => Math.Exp(-d * d / (2 * sigmaMm * sigmaMm))).ToArray();
        var sum = kernel.Sum();
        var column = new float[grid.Depth];
        var plane = grid.VoxelsPerSlice;
        for (var p = 0; p < plane; p++)
        {
            for (var k = 0; k < grid.Depth; k++) column[k] = volume[p + plane * k];
            for (var k = 0; k < grid.Depth; k++)
            {
                if (column[k] == 0) continue;
                var value = 0.0;
                for (var d = -half; d <= half; d++) value += kernel[d + half] * column[Math.Clamp(k + d, 0, grid.Depth - 1)];
                volume[p + plane * k] = (float)Math.Max(1, value / sum);
            }
        }
    }
}
