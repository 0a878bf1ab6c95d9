using System.IO.MemoryMappedFiles;
using BrainAug.Protos.Inference;
using Grpc.Net.Client;

namespace BrainAug.Benchmarks;

/// <summary>
/// One client's ModelInfer through the Open Inference Protocol's system shared memory: its own /dev/shm object with
/// an input and an output region, registered with the server. Each call writes the image there and reads the
/// probability back, so the timing includes the copies a real client makes.
/// </summary>
public sealed class SharedMemoryCall : IDisposable
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client;
    private readonly string _path;
    private readonly string _name;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly ModelInferRequest _request;
    private readonly byte[] _image;
    private readonly byte[] _output;

    public SharedMemoryCall(GrpcChannel channel, string name, byte[] image, long[] shape)
    {
        (_client, _name, _image, _output) = (new GRPCInferenceService.GRPCInferenceServiceClient(channel), name, image, new byte[image.Length]);
        _path = $"/dev/shm/brainaug-benchmark-{Environment.ProcessId}-{name}";
        using (var created = File.Create(_path)) created.SetLength(2L * image.Length);
        _file = MemoryMappedFile.CreateFromFile(_path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
        _view = _file.CreateViewAccessor();
        var key = "/" + Path.GetFileName(_path);
        _client.SystemSharedMemoryRegister(new SystemSharedMemoryRegisterRequest { Name = name + "-in", Key = key, ByteSize = (ulong)image.Length });
        _client.SystemSharedMemoryRegister(new SystemSharedMemoryRegisterRequest { Name = name + "-out", Key = key, Offset = (ulong)image.Length, ByteSize = (ulong)image.Length });
        _request = new ModelInferRequest { ModelName = "seg-dnn" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "FP32", Shape = { shape } };
        Place(input.Parameters, name + "-in", image.Length);
        _request.Inputs.Add(input);
        var output = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probability" };
        Place(output.Parameters, name + "-out", image.Length);
        _request.Outputs.Add(output);
    }

    public async Task CallAsync()
    {
        _view.WriteArray(0, _image, 0, _image.Length);
        await _client.ModelInferAsync(_request, deadline: DateTime.UtcNow.AddSeconds(60));
        _view.ReadArray(_image.Length, _output, 0, _output.Length);
    }

    public void Dispose()
    {
        foreach (var region in new[] { _name + "-in", _name + "-out" })
            _client.SystemSharedMemoryUnregister(new SystemSharedMemoryUnregisterRequest { Name = region });
        _view.Dispose();
        _file.Dispose();
        File.Delete(_path);
    }

    private static void Place(Google.Protobuf.Collections.MapField<string, InferParameter> parameters, string region, long bytes)
    {
        parameters.Add("shared_memory_region", new InferParameter { StringParam = region });
        parameters.Add("shared_memory_byte_size", new InferParameter { Int64Param = bytes });
    }
}
