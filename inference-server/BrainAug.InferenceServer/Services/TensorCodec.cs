using System.Runtime.InteropServices;
using BrainAug.Protos.V1;
using Google.Protobuf;

namespace BrainAug.InferenceServer.Services;

/// <summary>
/// Checks request tensors against what a model takes and wraps results as response tensors without copying
/// (the byte arrays become the messages' bytes).
/// </summary>
public static class TensorCodec
{
    /// <summary>Validates a float32 (N, sample...) tensor; returns N. Throws INVALID_ARGUMENT saying what was expected.</summary>
    public static int CheckFloatBatch(Tensor? tensor, string field, long[] sampleShape, int maxCount, string model)
    {
        var expected = $"float32 (N, {string.Join(", ", sampleShape)}) with 1 <= N <= {maxCount} for {model}";
        if (tensor is null) RpcErrors.InvalidArgument($"{field} is missing: expected {expected}");
        if (tensor.Dtype != DataType.Float32) RpcErrors.InvalidArgument($"{field} has dtype {tensor.Dtype}: expected {expected}");
        if (tensor.Shape.Count != sampleShape.Length + 1)
            RpcErrors.InvalidArgument($"{field} has shape [{string.Join(", ", tensor.Shape)}]: expected {expected}");
        var count = tensor.Shape[0];
        if (count < 1 || count > maxCount) RpcErrors.InvalidArgument($"{field} holds {count} samples: expected {expected}");
        for (var axis = 0; axis < sampleShape.Length; axis++)
            if (tensor.Shape[axis + 1] != sampleShape[axis])
                RpcErrors.InvalidArgument($"{field} has {AxisName(axis, sampleShape.Length)} {tensor.Shape[axis + 1]}: expected {expected}");
        var elements = count * sampleShape.Aggregate(1L, (a, b) => a * b);
        if (tensor.Data.Length != elements * sizeof(float))
            RpcErrors.InvalidArgument($"{field} has {tensor.Data.Length} bytes; shape [{string.Join(", ", tensor.Shape)}] of float32 needs {elements * sizeof(float)}");
        InputChecks.Finite(Floats(tensor), field);
        return (int)count;
    }

    /// <summary>Validates a uint8 (N, sample...) mask tensor of 0s and 1s whose N must be exactly count.</summary>
    public static void CheckMaskBatch(Tensor tensor, string field, long[] sampleShape, long count)
    {
        var expected = $"uint8 ({count}, {string.Join(", ", sampleShape)}) of 0 and 1";
        if (tensor.Dtype != DataType.Uint8 || !tensor.Shape.SequenceEqual([count, .. sampleShape]))
            RpcErrors.InvalidArgument($"{field} is {tensor.Dtype} [{string.Join(", ", tensor.Shape)}]: expected {expected}");
        if (tensor.Data.Length != count * sampleShape.Aggregate(1L, (a, b) => a * b))
            RpcErrors.InvalidArgument($"{field} has {tensor.Data.Length} bytes: expected {expected}");
        var values = tensor.Data.Span;
        for (var i = 0; i < values.Length; i++)
            if (values[i] > 1) RpcErrors.InvalidArgument($"{field} holds {values[i]} at element {i}: expected {expected}");
    }

    /// <summary>The float32 values of a checked tensor, read in place.</summary>
    public static ReadOnlySpan<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.Data.Span);

    public static Tensor Float32(byte[] data, params long[] shape) => Wrap(DataType.Float32, data, shape);

    public static Tensor UInt8(byte[] data, params long[] shape) => Wrap(DataType.Uint8, data, shape);

    private static Tensor Wrap(DataType type, byte[] data, long[] shape)
    {
        var tensor = new Tensor { Dtype = type, Data = UnsafeByteOperations.UnsafeWrap(data) };
        tensor.Shape.Add(shape);
        return tensor;
    }

    private static string AxisName(int axis, int rank) => rank == 3 ? (axis switch { 0 => "channels", 1 => "height", _ => "width" }) : $"dimension {axis + 1}";
}
