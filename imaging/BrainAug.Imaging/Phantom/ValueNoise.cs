using BrainAug.Imaging.Common;

namespace BrainAug.Imaging.Phantom;

/// <summary>
/// Smooth 3-D noise in [-1, 1]: seeded random values on a cubic lattice of the given spacing (mm),
/// blended with a smoothstep. Order-free (a pure function of the point), so parallel loops stay deterministic.
/// </summary>
public sealed class ValueNoise(ulong key, double spacing)
{
    public double At(double x, double y, double z)
    {
        double fx = x / spacing, fy = y / spacing, fz = z / spacing;
        int ix = (int)Math.Floor(fx), iy = (int)Math.Floor(fy), iz = (int)Math.Floor(fz);
        double tx = Smooth(fx - ix), ty = Smooth(fy - iy), tz = Smooth(fz - iz);
        double Lerp(double a, double b, double t) => a + (b - a) * t;
        double Edge(int dy, int dz) => Lerp(Lattice(ix, iy + dy, iz + dz), Lattice(ix + 1, iy + dy, iz + dz), tx);
        return Lerp(Lerp(Edge(0, 0), Edge(1, 0), ty), Lerp(Edge(0, 1), Edge(1, 1), ty), tz);
    }

    private static double Smooth(double t) => t * t * (3 - 2 * t);

    private double Lattice(int x, int y, int z)
    {
        var packed = (ulong)(uint)x | ((ulong)(ushort)y << 32) | ((ulong)(ushort)z << 48);
        return (SeededRandom.Hash(key, packed) >> 11) * (2.0 / (1UL << 53)) - 1;
    }
}
