using BrainAug.Protos.Inference;
using BrainAug.TestSupport;
using Google.Protobuf;
using Grpc.Core;

namespace BrainAug.InferenceServer.Tests;

/// <summary>The Open Inference Protocol's system shared-memory extension: tensors through /dev/shm regions.</summary>
[Collection(ServerCollection.Name)]
public class SharedMemoryTests(ModelsFixture models)
{
    private const int ImageBytes = 32 * 32 * sizeof(float);

    [Fact]
    public async Task InputAndOutputInSharedMemory_SameBytesAsRawModelInfer()
    {
        var oip = (await models.SharedServerAsync()).OpenInference();
        using var memory = new ShmObject(4096 + 3 * ImageBytes * 2);
        var images = Tensors.Images(3, seed: 8).Data;
        memory.Write(4096, images.Span);
        await oip.SystemSharedMemoryRegisterAsync(Register("in-" + memory.Key, memory.Key, 4096, 3 * ImageBytes));
        await oip.SystemSharedMemoryRegisterAsync(Register("out-" + memory.Key, memory.Key, 4096 + 3 * ImageBytes, 3 * ImageBytes));
        try
        {
            var raw = await oip.ModelInferAsync(Infer(images));
            var viaMemory = await oip.ModelInferAsync(Infer(ByteString.Empty, input: ("in-" + memory.Key, 0, 3 * ImageBytes), output: ("out-" + memory.Key, 0, 3 * ImageBytes)));
            var status = await oip.SystemSharedMemoryStatusAsync(new SystemSharedMemoryStatusRequest { Name = "out-" + memory.Key });

            Assert.Equal([3L, 1, 32, 32], viaMemory.Outputs.Single().Shape);
            Assert.Equal(0, viaMemory.RawOutputContents.Single().Length);
            Assert.Equal(("out-" + memory.Key, 3L * ImageBytes), (viaMemory.Outputs[0].Parameters["shared_memory_region"].StringParam, viaMemory.Outputs[0].Parameters["shared_memory_byte_size"].Int64Param));
            Assert.Equal(raw.RawOutputContents.Single().ToByteArray(), memory.Read(4096 + 3 * ImageBytes, 3 * ImageBytes));
            var region = status.Regions.Single().Value;
            Assert.Equal((memory.Key, 4096UL + 3 * ImageBytes, 3UL * ImageBytes), (region.Key, region.Offset, region.ByteSize));
            Assert.Contains("system_shared_memory", (await oip.ServerMetadataAsync(new ServerMetadataRequest())).Extensions);
        }
        finally
        {
            await oip.SystemSharedMemoryUnregisterAsync(new SystemSharedMemoryUnregisterRequest { Name = "in-" + memory.Key });
            await oip.SystemSharedMemoryUnregisterAsync(new SystemSharedMemoryUnregisterRequest { Name = "out-" + memory.Key });
        }
        var gone = await Assert.ThrowsAsync<RpcException>(async () => await oip.SystemSharedMemoryStatusAsync(new SystemSharedMemoryStatusRequest { Name = "in-" + memory.Key }));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    public static TheoryData<string, StatusCode, string> BadUses => new()
    {
        { "object missing", StatusCode.NotFound, "does not exist" },
        { "key with a folder", StatusCode.InvalidArgument, "without '/'" },
        { "region past the object's end", StatusCode.InvalidArgument, "do not fit" },
        { "name taken", StatusCode.AlreadyExists, "already registered" },
        { "unregister unknown", StatusCode.NotFound, "no shared-memory region named" },
        { "infer with unregistered region", StatusCode.InvalidArgument, "SystemSharedMemoryRegister first" },
        { "input size disagrees with shape", StatusCode.InvalidArgument, "shape [1, 1, 32, 32] of FP32 needs 4096" },
        { "input also in the message", StatusCode.InvalidArgument, "also in the message" },
        { "input past the region's end", StatusCode.InvalidArgument, "do not fit shared-memory region" },
        { "output region too small", StatusCode.InvalidArgument, "needs 4096 bytes" },
        { "region without byte size", StatusCode.InvalidArgument, "needs both parameters" },
    };

    [Theory]
    [MemberData(nameof(BadUses))]
    public async Task BadUse_RefusedWithAMessage_ServerKeepsServing(string problem, StatusCode code, string message)
    {
        var oip = (await models.SharedServerAsync()).OpenInference();
        using var memory = new ShmObject(2 * ImageBytes);
        var name = "bad-" + memory.Key;
        await oip.SystemSharedMemoryRegisterAsync(Register(name, memory.Key, 0, ImageBytes));
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                switch (problem)
                {
                    case "object missing": await oip.SystemSharedMemoryRegisterAsync(Register("x-" + memory.Key, memory.Key + "-gone", 0, 16)); break;
                    case "key with a folder": await oip.SystemSharedMemoryRegisterAsync(Register("x-" + memory.Key, "/../etc/passwd", 0, 16)); break;
                    case "region past the object's end": await oip.SystemSharedMemoryRegisterAsync(Register("x-" + memory.Key, memory.Key, ImageBytes, 2 * ImageBytes)); break;
                    case "name taken": await oip.SystemSharedMemoryRegisterAsync(Register(name, memory.Key, 0, 16)); break;
                    case "unregister unknown": await oip.SystemSharedMemoryUnregisterAsync(new SystemSharedMemoryUnregisterRequest { Name = "x-" + memory.Key }); break;
                    case "infer with unregistered region": await oip.ModelInferAsync(Infer(ByteString.Empty, input: ("x-" + memory.Key, 0, ImageBytes))); break;
                    case "input size disagrees with shape": await oip.ModelInferAsync(Infer(ByteString.Empty, input: (name, 0, ImageBytes / 2))); break;
                    case "input also in the message": await oip.ModelInferAsync(Infer(Tensors.Images(1).Data, input: (name, 0, ImageBytes))); break;
                    case "input past the region's end": await oip.ModelInferAsync(Infer(ByteString.Empty, input: (name, 16, ImageBytes))); break;
                    case "output region too small": await oip.ModelInferAsync(Infer(Tensors.Images(1).Data, output: (name, 0, ImageBytes / 2))); break;
                    case "region without byte size":
                        var request = Infer(Tensors.Images(1).Data);
                        request.Outputs[0].Parameters.Add("shared_memory_region", new InferParameter { StringParam = name });
                        await oip.ModelInferAsync(request);
                        break;
                    default: throw new ArgumentException(problem);
                }
            });

            Assert.Equal(code, error.StatusCode);
            Assert.Contains(message, error.Status.Detail);
            var good = await oip.ModelInferAsync(Infer(ByteString.Empty, input: (name, 0, ImageBytes)));
            Assert.Equal(ImageBytes, good.RawOutputContents.Single().Length);
        }
        finally
        {
            await oip.SystemSharedMemoryUnregisterAsync(new SystemSharedMemoryUnregisterRequest { Name = name });
        }
    }

    [Fact]
    public async Task ServerWithoutTheOption_RefusesSharedMemory()
    {
        var oip = (await models.RegionsServerAsync()).OpenInference();
        using var memory = new ShmObject(ImageBytes);

        var register = await Assert.ThrowsAsync<RpcException>(async () => await oip.SystemSharedMemoryRegisterAsync(Register("r-" + memory.Key, memory.Key, 0, ImageBytes)));
        var metadata = await oip.ServerMetadataAsync(new ServerMetadataRequest());

        Assert.Equal(StatusCode.Unimplemented, register.StatusCode);
        Assert.Contains("--allow-shared-memory true", register.Status.Detail);
        Assert.DoesNotContain("system_shared_memory", metadata.Extensions);
    }

    private static SystemSharedMemoryRegisterRequest Register(string name, string key, ulong offset, ulong byteSize) =>
        new() { Name = name, Key = key, Offset = offset, ByteSize = byteSize };

    /// <summary>A seg-dnn request for one or more 32x32 images: in the message, or at a region, offset and size.</summary>
    private static ModelInferRequest Infer(ByteString data, (string Region, long Offset, long Bytes)? input = null, (string Region, long Offset, long Bytes)? output = null)
    {
        var count = input?.Bytes / ImageBytes ?? data.Length / ImageBytes;
        var request = new ModelInferRequest { ModelName = "seg-dnn" };
        var tensor = new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "FP32", Shape = { Math.Max(1, count), 1, 32, 32 } };
        if (input is { } i) Place(tensor.Parameters, i);
        request.Inputs.Add(tensor);
        if (data.Length > 0) request.RawInputContents.Add(data);
        var wanted = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probability" };
        if (output is { } o) Place(wanted.Parameters, o);
        request.Outputs.Add(wanted);
        return request;
    }

    private static void Place(Google.Protobuf.Collections.MapField<string, InferParameter> parameters, (string Region, long Offset, long Bytes) place)
    {
        parameters.Add("shared_memory_region", new InferParameter { StringParam = place.Region });
        parameters.Add("shared_memory_offset", new InferParameter { Int64Param = place.Offset });
        parameters.Add("shared_memory_byte_size", new InferParameter { Int64Param = place.Bytes });
    }

    /// <summary>A POSIX shared-memory object, /dev/shm/&lt;name&gt;, as shm_open and ftruncate would make it; removed on dispose.</summary>
    private sealed class ShmObject : IDisposable
    {
        private readonly string _path;

        public ShmObject(int bytes)
        {
            Key = $"/brainaug-test-{Guid.NewGuid():N}";
            _path = "/dev/shm" + Key;
            using var file = File.Create(_path);
            file.SetLength(bytes);
        }

        public string Key { get; }

        public void Write(long offset, ReadOnlySpan<byte> bytes)
        {
            using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Write);
            RandomAccess.Write(file, bytes, offset);
        }

        public byte[] Read(long offset, int count)
        {
            var bytes = new byte[count];
            using var file = File.OpenHandle(_path, FileMode.Open);
            RandomAccess.Read(file, bytes, offset);
            return bytes;
        }

        public void Dispose() => File.Delete(_path);
    }
}
