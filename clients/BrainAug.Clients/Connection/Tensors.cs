using System.Runtime.InteropServices;
using BrainAug.Protos.V1;
using Google.Protobuf;

namespace BrainAug.Clients.Connection;

/// <summary>Request tensors from float arrays, and float views of response tensors.</summary>
public static class Tensors
{
    public static Tensor Float32(float[] values, params long[] shape)
    {
        var tensor = new Tensor { Dtype = DataType.Float32, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Shape.Add(shape);
        return tensor;
    }

    public static ReadOnlySpan<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.Data.Span);
}
