using System.Globalization;
using System.Runtime.InteropServices;
using BrainAug.Contracts;
using BrainAug.InferenceServer.Configuration;
using BrainAug.InferenceServer.Models;
using BrainAug.Protos.Inference;
using Google.Protobuf;
using Grpc.Core;

namespace BrainAug.InferenceServer.Services;

/// <summary>
/// inference.GRPCInferenceService, the Open Inference Protocol (KServe v2) that Triton and its clients speak, over the
/// same catalog, batch queues, limits, token and metrics as brainaug.v1. A model shows its graph input and the
/// outputs the server reads (probability, label_map or image), all FP32 with the batch dimension first. With
/// --allow-shared-memory, tensors may also pass through system shared memory (Triton's extension).
/// </summary>
public sealed class OpenInferenceService(ModelAccess models, ModelCatalog catalog, ServerOptions options, SharedMemoryRegions sharedMemory)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    public const string Platform = "onnxruntime_onnx";
    private const string Fp32 = "FP32";

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = catalog.Ready });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var response = new ServerMetadataResponse
        {
            Name = "brainaug-server",
            Version = ProductVersion.Current,
        };
        if (sharedMemory.Enabled) response.Extensions.Add("system_shared_memory");
        return Task.FromResult(response);
    }

    /// <summary>Ready when that model (and version) is loaded; an unknown model is not ready rather than an error.</summary>
    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        ModelAccess.CheckName(request.Name);
        var version = ParseVersion(request.Version);
        using var lease = catalog.TryAcquire(request.Name, version, out _);
        return Task.FromResult(new ModelReadyResponse { Ready = lease is not null });
    }

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        using var lease = models.Acquire(request.Name, ParseVersion(request.Version), nameof(ModelMetadata));
        var model = lease.Version.Model;
        var response = new ModelMetadataResponse { Name = request.Name, Platform = Platform };
        response.Versions.Add(catalog.Snapshot().Where(v => v.Name == request.Name).Select(v => v.Version.ToString(CultureInfo.InvariantCulture)));
        response.Inputs.Add(Describe(model.InputName, model.SampleShape));
        response.Outputs.Add(model.OutputNames.Select((name, i) => Describe(name, model.OutputSampleShapes[i])));
        return Task.FromResult(response);
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        using var lease = models.Acquire(request.ModelName, ParseVersion(request.ModelVersion), nameof(ModelInfer));
        var version = lease.Version;
        var model = version.Model;
        var outputs = RequestedOutputs(request, version);
        var responseBytes = outputs.Sum(o => (long)model.OutputSampleLength(o) * sizeof(float));
        // RequestedOutputs keeps the request's order, so entry i is the place of output i (none when none is named).
        List<SharedMemoryTensor?> shared = request.Outputs.Count == 0 ? [.. outputs.Select(_ => (SharedMemoryTensor?)null)]
            : [.. request.Outputs.Select(o => OipTensors.SharedMemory(o.Parameters, $"output '{o.Name}'"))];
        var input = OipTensors.Input(request, model.InputName, model.SampleShape, options.MaxSamplesPerCall(responseBytes), InputChecks.Describe(version), sharedMemory);
        for (var i = 0; i < outputs.Count; i++)
            if (shared[i] is { } place) CheckOutputFits(place, input.Count * model.OutputSampleLength(outputs[i]) * sizeof(float), model.OutputNames[outputs[i]]);
        var values = MemoryMarshal.Cast<byte, float>(input.Bytes.Span);
        InputChecks.Finite(values, $"input '{model.InputName}'");
        InputChecks.Inpainting(version, values, input.Count, $"input '{model.InputName}'");
        var length = model.SampleLength;
        var results = await models.RunAsync(lease, input.Count, (destination, first, n) =>
            MemoryMarshal.Cast<byte, float>(input.Bytes.Span).Slice(first * length, n * length).CopyTo(destination), context);

        var response = new ModelInferResponse
        {
            ModelName = version.Name,
            ModelVersion = version.Version.ToString(CultureInfo.InvariantCulture),
            Id = request.Id,
        };
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = model.OutputNames[output], Datatype = Fp32 };
            tensor.Shape.Add([input.Count, .. model.OutputSampleShapes[output]]);
            response.Outputs.Add(tensor);
            if (shared[i] is not { } place)
            {
                response.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(results[output]));
                continue;
            }
            sharedMemory.Write(place.Region, place.Offset, results[output], $"output '{tensor.Name}'");
            tensor.Parameters.Add("shared_memory_region", new InferParameter { StringParam = place.Region });
            tensor.Parameters.Add("shared_memory_offset", new InferParameter { Int64Param = place.Offset });
            tensor.Parameters.Add("shared_memory_byte_size", new InferParameter { Int64Param = results[output].Length });
            response.RawOutputContents.Add(ByteString.Empty); // keeps raw_output_contents one entry per output
        }
        return response;
    }

    public override Task<SystemSharedMemoryStatusResponse> SystemSharedMemoryStatus(SystemSharedMemoryStatusRequest request, ServerCallContext context)
    {
        var response = new SystemSharedMemoryStatusResponse();
        foreach (var region in sharedMemory.Status(request.Name))
            response.Regions.Add(region.Name, new SystemSharedMemoryStatusResponse.Types.RegionStatus { Name = region.Name, Key = region.Key, Offset = region.Offset, ByteSize = region.ByteSize });
        return Task.FromResult(response);
    }

    public override Task<SystemSharedMemoryRegisterResponse> SystemSharedMemoryRegister(SystemSharedMemoryRegisterRequest request, ServerCallContext context)
    {
        sharedMemory.Register(request.Name, request.Key, request.Offset, request.ByteSize);
        return Task.FromResult(new SystemSharedMemoryRegisterResponse());
    }

    public override Task<SystemSharedMemoryUnregisterResponse> SystemSharedMemoryUnregister(SystemSharedMemoryUnregisterRequest request, ServerCallContext context)
    {
        sharedMemory.Unregister(request.Name);
        return Task.FromResult(new SystemSharedMemoryUnregisterResponse());
    }

    /// <summary>Checked before the run, so that a region too small fails the call without spending the compute.</summary>
    private void CheckOutputFits(SharedMemoryTensor place, long bytes, string output)
    {
        if (place.ByteSize < bytes)
            RpcErrors.InvalidArgument($"output '{output}' needs {bytes} bytes; its shared_memory_byte_size is {place.ByteSize}");
        sharedMemory.CheckRange(place.Region, place.Offset, bytes, $"output '{output}'");
    }

    /// <summary>"" is the default version (0); otherwise a positive decimal number.</summary>
    private static long ParseVersion(string version)
    {
        if (version.Length == 0) return 0;
        if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            RpcErrors.InvalidArgument($"model version '{(version.Length <= 32 ? version : version[..32] + "...")}' is not a version number: give a positive integer, or leave it empty for the newest");
        return number;
    }

    /// <summary>Indices of the outputs to return: those named, each once and served, or all served outputs.</summary>
    private static List<int> RequestedOutputs(ModelInferRequest request, ModelVersion version)
    {
        var served = version.Model.OutputNames;
        if (request.Outputs.Count == 0) return [.. Enumerable.Range(0, served.Count)];
        var indices = new List<int>();
        foreach (var output in request.Outputs)
        {
            var index = version.Model.OutputIndex(output.Name);
            if (index < 0)
                RpcErrors.InvalidArgument($"{InputChecks.Describe(version)} has no output '{output.Name}'; it serves {string.Join(", ", served.Select(n => $"'{n}'"))}");
            if (indices.Contains(index)) RpcErrors.InvalidArgument($"output '{output.Name}' is requested twice");
            indices.Add(index);
        }
        return indices;
    }

    private static ModelMetadataResponse.Types.TensorMetadata Describe(string name, long[] sampleShape)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = name, Datatype = Fp32 };
        tensor.Shape.Add([-1, .. sampleShape]);
        return tensor;
    }
}
