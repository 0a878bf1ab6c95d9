using System.Runtime.InteropServices;
using BrainAug.Protos.Inference;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace BrainAug.InferenceServer.Services;

/// <summary>A checked ModelInfer input: its samples' FP32 values as little-endian bytes, and how many samples.</summary>
public readonly record struct OipInput(ReadOnlyMemory<byte> Bytes, int Count);

/// <summary>Where a tensor lies in a registered shared-memory region (the shared-memory extension's parameters).</summary>
public readonly record struct SharedMemoryTensor(string Region, long Offset, long ByteSize);

/// <summary>
/// Checks a ModelInfer request's one input against what the model takes (name, FP32, (N, sample...) shape, values
/// in raw_input_contents, fp32_contents or a shared-memory region, whose size agrees with the shape); INVALID_ARGUMENT
/// says what was expected.
/// </summary>
public static class OipTensors
{
    public static OipInput Input(ModelInferRequest request, string inputName, long[] sampleShape, int maxCount, string model, SharedMemoryRegions regions)
    {
        var expected = $"one input '{inputName}', FP32 [N, {string.Join(", ", sampleShape)}] with 1 <= N <= {maxCount}, for {model}";
        if (request.Inputs.Count != 1)
            RpcErrors.InvalidArgument($"the request has {request.Inputs.Count} inputs{Names(request)}: expected {expected}");
        var input = request.Inputs[0];
        if (input.Name != inputName) RpcErrors.InvalidArgument($"the request's input is '{input.Name}': expected {expected}");
        if (input.Datatype != "FP32") RpcErrors.InvalidArgument($"input '{inputName}' has datatype '{input.Datatype}': expected {expected}");
        if (input.Shape.Count != sampleShape.Length + 1 || !input.Shape.Skip(1).SequenceEqual(sampleShape) || input.Shape[0] < 1 || input.Shape[0] > maxCount)
            RpcErrors.InvalidArgument($"input '{inputName}' has shape [{string.Join(", ", input.Shape)}]: expected {expected}");
        var count = (int)input.Shape[0];
        var elements = count * sampleShape.Aggregate(1L, (a, b) => a * b);
        return new OipInput(SharedMemory(input.Parameters, $"input '{inputName}'") is { } shared
            ? SharedValues(request, input, elements, shared, regions) : Values(request, input, elements), count);
    }

    /// <summary>The tensor's place in shared memory, or null when its parameters name none.</summary>
    public static SharedMemoryTensor? SharedMemory(MapField<string, InferParameter> parameters, string tensor)
    {
        parameters.TryGetValue("shared_memory_region", out var region);
        parameters.TryGetValue("shared_memory_byte_size", out var size);
        parameters.TryGetValue("shared_memory_offset", out var offset);
        if (region is null && size is null && offset is null) return null;
        if (region is null || size is null)
            RpcErrors.InvalidArgument($"{tensor}: shared memory needs both parameters shared_memory_region and shared_memory_byte_size");
        if (region.ParameterChoiceCase != InferParameter.ParameterChoiceOneofCase.StringParam)
            RpcErrors.InvalidArgument($"{tensor}: shared_memory_region must be a string_param");
        return new SharedMemoryTensor(region.StringParam, Offset: offset is null ? 0 : Integer(offset, "shared_memory_offset", tensor),
            ByteSize: Integer(size, "shared_memory_byte_size", tensor));
    }

    private static long Integer(InferParameter parameter, string name, string tensor)
    {
        var value = parameter.ParameterChoiceCase switch
        {
            InferParameter.ParameterChoiceOneofCase.Int64Param => parameter.Int64Param,
            InferParameter.ParameterChoiceOneofCase.Uint64Param when parameter.Uint64Param <= long.MaxValue => (long)parameter.Uint64Param,
            _ => -1,
        };
        if (value < 0) RpcErrors.InvalidArgument($"{tensor}: {name} must be a non-negative int64_param");
        return value;
    }

    private static ReadOnlyMemory<byte> SharedValues(ModelInferRequest request, ModelInferRequest.Types.InferInputTensor input, long elements, SharedMemoryTensor shared, SharedMemoryRegions regions)
    {
        if (request.RawInputContents.Count > 0 || input.Contents is not null)
            RpcErrors.InvalidArgument($"input '{input.Name}' is in shared memory and also in the message: send one");
        if (shared.ByteSize != elements * sizeof(float))
            RpcErrors.InvalidArgument($"input '{input.Name}' has shared_memory_byte_size {shared.ByteSize}; shape [{string.Join(", ", input.Shape)}] of FP32 needs {elements * sizeof(float)}");
        return regions.Read(shared.Region, shared.Offset, shared.ByteSize, $"input '{input.Name}'");
    }

    private static ReadOnlyMemory<byte> Values(ModelInferRequest request, ModelInferRequest.Types.InferInputTensor input, long elements)
    {
        var typed = input.Contents?.Fp32Contents.Count ?? 0;
        if (request.RawInputContents.Count > 0)
        {
            if (request.RawInputContents.Count != 1)
                RpcErrors.InvalidArgument($"raw_input_contents has {request.RawInputContents.Count} entries for 1 input");
            if (input.Contents is not null) RpcErrors.InvalidArgument($"input '{input.Name}' has both contents and raw_input_contents: send one");
            var raw = request.RawInputContents[0];
            if (raw.Length != elements * sizeof(float))
                RpcErrors.InvalidArgument($"input '{input.Name}' has {raw.Length} bytes; shape [{string.Join(", ", input.Shape)}] of FP32 needs {elements * sizeof(float)}");
            return raw.Memory;
        }
        if (typed != elements)
            RpcErrors.InvalidArgument($"input '{input.Name}' has {typed} values in fp32_contents (and no raw_input_contents); shape [{string.Join(", ", input.Shape)}] needs {elements}");
        return MemoryMarshal.AsBytes(input.Contents!.Fp32Contents.ToArray().AsSpan()).ToArray();
    }

    private static string Names(ModelInferRequest request) =>
        request.Inputs.Count == 0 ? "" : $" ({string.Join(", ", request.Inputs.Select(i => $"'{i.Name}'"))})";
}
