namespace BrainAug.Imaging.Phantom;

/// <summary>A lesion's mass effect: tissue pushed radially outwards, by most at the centre, fading over 1.5 radii.</summary>
internal static class MassEffect
{
    /// <summary>Moves (x, y, z) to where its tissue sat before the push. d' = d - m exp(-(d / 1.5r)^2) is monotonic
    /// in d, so tissue is compressed, never folded; beyond <paramref name="influence"/> nothing moves.</summary>
    public static void Undisplace(ref double x, ref double y, ref double z, double cx, double cy, double cz, double radius, double shift, double influence)
    {
        double dx = x - cx, dy = y - cy, dz = z - cz;
        var distance = Math.Sqrt(dx * dx + dy * dy + dz * dz);
        if (distance < 1e-9 || distance > influence) return;
        var scale = 1.5 * radius;
        var original = Math.Max(0, distance - shift * Math.Exp(-(distance * distance) / (scale * scale)));
        var ratio = original / distance;
        (x, y, z) = (cx + dx * ratio, cy + dy * ratio, cz + dz * ratio);
    }
}
