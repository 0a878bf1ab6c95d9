using System.Runtime.InteropServices;
using BrainAug.Protos.V1;
using Google.Protobuf;

namespace BrainAug.TestSupport;

/// <summary>Request tensors and readers of response tensors.</summary>
public static class Tensors
{
    public static Tensor Float32(float[] values, params long[] shape)
    {
        var tensor = new Tensor { Dtype = DataType.Float32, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Shape.Add(shape);
        return tensor;
    }

    /// <summary>A batch of smooth, seeded test images in [0, 1].</summary>
    public static Tensor Images(int count, int channels = 1, int size = 32, int seed = 0)
    {
        var values = new float[count * channels * size * size];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(0.5 + 0.5 * Math.Sin((i + seed * 7919) * 0.013));
        return Float32(values, count, channels, size, size);
    }

    /// <summary>Conditions for the test brain generator: a square tumour label (+1 inside) and a disc brain outline.</summary>
    public static Tensor Conditions(int count, int size = 32)
    {
        var values = new float[count * 2 * size * size];
        for (var n = 0; n < count; n++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var tumour = Math.Abs(x - 12 - n) < 4 && Math.Abs(y - 14) < 4;
                    values[(n * 2 * size + y) * size + x] = tumour ? 1 : -1;
                    values[((n * 2 + 1) * size + y) * size + x] = Outline(size)[y * size + x];
                }
        return Float32(values, count, 2, size, size);
    }

    /// <summary>A disc covering most of the frame, in {-1, 1}.</summary>
    public static float[] Outline(int size)
    {
        var outline = new float[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                outline[y * size + x] = Math.Pow(x - size / 2.0, 2) + Math.Pow(y - size / 2.0, 2) < Math.Pow(size * 0.42, 2) ? 1 : -1;
        return outline;
    }

    public static float[] Floats(Tensor tensor)
    {
        Assert.Equal(DataType.Float32, tensor.Dtype);
        return MemoryMarshal.Cast<byte, float>(tensor.Data.Span).ToArray();
    }
}
