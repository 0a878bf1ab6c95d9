using System.Buffers.Binary;
using System.Globalization;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Nifti;

namespace BrainAug.Imaging.Tests;

/// <summary>Small deterministic volumes and affines for NIfTI tests.</summary>
public static class TestVolumes
{
    /// <summary>Values every datatype holds exactly (integers in range; k*0.5-10 for the scaled case).</summary>
    public static float[] ExactValues(int[] shape, NiftiDataType type, bool scaled)
    {
        var count = shape.Aggregate(1, (n, d) => n * d);
        var (min, max) = NiftiDataTypes.Range(type);
        var values = new float[count];
        var random = new SeededRandom(11);
        for (var i = 0; i < count; i++)
        {
            if (scaled) values[i] = random.NextInt(-2000, 2000) * 0.5f - 10f;
            else if (NiftiDataTypes.IsInteger(type)) values[i] = (float)Math.Round(min + (Math.Min(max, 1e6) - min) * random.NextDouble());
            else values[i] = (float)(random.NextDouble() * 200 - 100);
        }
        return values;
    }

    public static double[,] RotatedAffine()
    {
        double c = Math.Cos(0.4), s = Math.Sin(0.4);
        return new double[,]
        {
            { -c * 0.8, s * 1.2, 0, 90.5 },
            { s * 0.8, c * 1.2, 0, -126.25 },
            { 0, 0, 2.5, -72 },
            { 0, 0, 0, 1 },
        };
    }

    public static string Flatten(double[,] affine) =>
        string.Join(',', Enumerable.Range(0, 16).Select(i => affine[i / 4, i % 4].ToString("R", CultureInfo.InvariantCulture)));

    public static byte[] LittleEndianBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    public static float[] ReadLittleEndianFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return values;
    }
}
