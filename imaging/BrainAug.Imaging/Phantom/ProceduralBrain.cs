namespace BrainAug.Imaging.Phantom;

/// <summary>
/// The fallback anatomy when Colin27 is not installed: an ellipsoidal brain with a folded cortex
/// (sulci where a smooth noise field crosses zero), white matter, lateral ventricles, deep grey nuclei
/// and the interhemispheric fissure, on Colin27's grid so every later step is the same.
/// </summary>
internal static class ProceduralBrain
{
    private const float White = 110, Grey = 80, Csf = 35;
    private static readonly int[] Shape = [181, 217, 181];
    private static readonly double[] Origin = [-90, -125, -71];

    public static AnatomyTemplate Create()
    {
        var t1 = new float[Shape[0] * Shape[1] * Shape[2]];
        var folds = new ValueNoise(key: 0xB7A1, spacing: 9);
        var thickness = new ValueNoise(key: 0xC0FE, spacing: 6);
        Parallel.For(0, Shape[2], k =>
        {
            for (var j = 0; j < Shape[1]; j++)
                for (var i = 0; i < Shape[0]; i++)
                    t1[i + Shape[0] * (j + Shape[1] * k)] = Tissue(i + Origin[0], j + Origin[1], k + Origin[2], folds, thickness);
        });
        return new AnatomyTemplate("procedural", t1, Shape, Origin);
    }

    private static float Tissue(double x, double y, double z, ValueNoise folds, ValueNoise thickness)
    {
        // Semi-axes (mm) of an adult cerebrum, centred as in MNI space.
        double ex = x / 68, ey = (y + 18) / 86, ez = (z - 10) / 62;
        var radius = Math.Sqrt(ex * ex + ey * ey + ez * ez);
        var surface = 1 + 0.03 * folds.At(x * 0.5, y * 0.5, z * 0.5);
        if (radius > surface) return 0;
        var depth = (surface - radius) * 70; // approximate mm below the brain surface

        if (Inside(x - 10, y + 12, z - 12, 6, 24, 9) || Inside(x + 10, y + 12, z - 12, 6, 24, 9)) return Csf;
        if (Math.Abs(x) < 1.2 && z > -5 && depth < 35) return Csf;
        if (Math.Abs(folds.At(x, y, z)) < 0.07 && depth < 14) return Csf;
        if (depth < 3 + 1.5 * (1 + thickness.At(x, y, z))) return Grey;
        if (Inside(x - 12, y + 18, z - 2, 9, 12, 8) || Inside(x + 12, y + 18, z - 2, 9, 12, 8)) return Grey;
        return White;
    }

    private static bool Inside(double x, double y, double z, double ax, double ay, double az) =>
        x * x / (ax * ax) + y * y / (ay * ay) + z * z / (az * az) <= 1;
}
