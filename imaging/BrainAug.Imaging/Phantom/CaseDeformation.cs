using BrainAug.Imaging.Common;

namespace BrainAug.Imaging.Phantom;

/// <summary>
/// One case's anatomy as a smooth random deformation of the template: a random similarity-like affine
/// (scale 0.9-1.1 per axis, rotations up to 6 degrees, shifts up to 4 mm) plus a smooth warp of a few mm,
/// precomputed on a 6 mm lattice and interpolated. Maps a case world point to a template world point.
/// </summary>
internal sealed class CaseDeformation
{
    private const double Spacing = 6, WarpAmplitude = 3.0;
    private const double MinX = -132, MinY = -144, MinZ = -84;
    private const int Nx = 45, Ny = 45, Nz = 32;
    private static readonly double[] Centre = [0, -16, 8];

    private readonly double[] _linear; // 3x3 row-major
    private readonly double[] _shift;
    private readonly float[] _warp; // (dx,dy,dz) per lattice point

    public CaseDeformation(SeededRandom random)
    {
        double ax = Radians(random.Uniform(-6, 6)), ay = Radians(random.Uniform(-4, 4)), az = Radians(random.Uniform(-6, 6));
        double[] scale = [random.Uniform(0.9, 1.1), random.Uniform(0.9, 1.1), random.Uniform(0.92, 1.08)];
        _linear = Multiply(Rotation(ax, ay, az), scale);
        _shift = [random.Uniform(-4, 4), random.Uniform(-4, 4), random.Uniform(-3, 3)];
        _warp = BuildWarp(random.NextULong());
    }

    public void Apply(double x, double y, double z, out double qx, out double qy, out double qz)
    {
        WarpAt(x, y, z, out var wx, out var wy, out var wz);
        double px = x - Centre[0] + wx, py = y - Centre[1] + wy, pz = z - Centre[2] + wz;
        qx = Centre[0] + _shift[0] + _linear[0] * px + _linear[1] * py + _linear[2] * pz;
        qy = Centre[1] + _shift[1] + _linear[3] * px + _linear[4] * py + _linear[5] * pz;
        qz = Centre[2] + _shift[2] + _linear[6] * px + _linear[7] * py + _linear[8] * pz;
    }

    private void WarpAt(double x, double y, double z, out double wx, out double wy, out double wz)
    {
        var fx = Math.Clamp((x - MinX) / Spacing, 0, Nx - 1.001);
        var fy = Math.Clamp((y - MinY) / Spacing, 0, Ny - 1.001);
        var fz = Math.Clamp((z - MinZ) / Spacing, 0, Nz - 1.001);
        int ix = (int)fx, iy = (int)fy, iz = (int)fz;
        double dx = fx - ix, dy = fy - iy, dz = fz - iz;
        // The eight lattice corners' weights, then one pass per displacement component.
        double w000 = (1 - dx) * (1 - dy) * (1 - dz), w100 = dx * (1 - dy) * (1 - dz), w010 = (1 - dx) * dy * (1 - dz), w110 = dx * dy * (1 - dz);
        double w001 = (1 - dx) * (1 - dy) * dz, w101 = dx * (1 - dy) * dz, w011 = (1 - dx) * dy * dz, w111 = dx * dy * dz;
        var i000 = 3 * (ix + Nx * (iy + Ny * iz));
        const int sx = 3, sy = 3 * Nx, sz = 3 * Nx * Ny;
        double Component(int c) =>
            w000 * _warp[i000 + c] + w100 * _warp[i000 + sx + c] + w010 * _warp[i000 + sy + c] + w110 * _warp[i000 + sx + sy + c]
            + w001 * _warp[i000 + sz + c] + w101 * _warp[i000 + sx + sz + c] + w011 * _warp[i000 + sy + sz + c] + w111 * _warp[i000 + sx + sy + sz + c];
        (wx, wy, wz) = (Component(0), Component(1), Component(2));
    }

    private static float[] BuildWarp(ulong key)
    {
        var fields = Enumerable.Range(0, 3).Select(c => new ValueNoise(key + (ulong)c, spacing: 36)).ToArray();
        var warp = new float[Nx * Ny * Nz * 3];
        for (var k = 0; k < Nz; k++)
            for (var j = 0; j < Ny; j++)
                for (var i = 0; i < Nx; i++)
                    for (var c = 0; c < 3; c++)
                        warp[3 * (i + Nx * (j + Ny * k)) + c] = (float)(WarpAmplitude * fields[c].At(MinX + i * Spacing, MinY + j * Spacing, MinZ + k * Spacing));
        return warp;
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static double[] Rotation(double ax, double ay, double az)
    {
        double cx = Math.Cos(ax), sx = Math.Sin(ax), cy = Math.Cos(ay), sy = Math.Sin(ay), cz = Math.Cos(az), sz = Math.Sin(az);
        // Rz * Ry * Rx
        return
        [
            cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx,
            sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx,
            -sy, cy * sx, cy * cx,
        ];
    }

    private static double[] Multiply(double[] rotation, double[] scale) =>
        Enumerable.Range(0, 9).Select(i => rotation[i] * scale[i % 3]).ToArray();
}
