using System.Runtime.InteropServices;
using BrainAug.Contracts.Generation;
using BrainAug.Protos.Inference;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Google.Protobuf;
using Grpc.Core;

namespace BrainAug.InferenceServer.Tests;

/// <summary>The Open Inference Protocol (inference.GRPCInferenceService) on the same port as brainaug.v1.</summary>
[Collection(ServerCollection.Name)]
public class OpenInferenceTests(ModelsFixture models)
{
    [Fact]
    public async Task ServerAndModelMetadata_DescribeTheLoadedModels()
    {
        var oip = (await models.SharedServerAsync()).OpenInference();

        Assert.True((await oip.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await oip.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var server = await oip.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("brainaug-server", server.Name);
        Assert.NotEmpty(server.Version);
        Assert.True((await oip.ModelReadyAsync(new ModelReadyRequest { Name = "seg-dnn" })).Ready);
        Assert.True((await oip.ModelReadyAsync(new ModelReadyRequest { Name = "seg-dnn", Version = "1" })).Ready);
        Assert.False((await oip.ModelReadyAsync(new ModelReadyRequest { Name = "seg-dnn", Version = "9" })).Ready);
        Assert.False((await oip.ModelReadyAsync(new ModelReadyRequest { Name = "no-such-model" })).Ready);

        var seg = await oip.ModelMetadataAsync(new ModelMetadataRequest { Name = "seg-dnn" });
        Assert.Equal(("seg-dnn", "onnxruntime_onnx"), (seg.Name, seg.Platform));
        Assert.Equal(["1"], seg.Versions);
        Assert.Equal("image FP32 [-1, 1, 32, 32]", Text(seg.Inputs.Single().Name, seg.Inputs[0].Datatype, seg.Inputs[0].Shape));
        Assert.Equal("probability FP32 [-1, 1, 32, 32]", Text(seg.Outputs.Single().Name, seg.Outputs[0].Datatype, seg.Outputs[0].Shape));
        var tumour = await oip.ModelMetadataAsync(new ModelMetadataRequest { Name = "tumour-generator", Version = "1" });
        Assert.Equal(("noise", "label_map"), (tumour.Inputs.Single().Name, tumour.Outputs.Single().Name));
        Assert.Equal([-1L, 1, 16, 16], tumour.Outputs[0].Shape);
    }

    [Fact]
    public async Task ModelInfer_SameBytesAsSegment()
    {
        var server = await models.SharedServerAsync();
        var images = Tensors.Images(3, seed: 4);

        var segment = await server.Client().SegmentAsync(new SegmentRequest { Image = images });
        var infer = await server.OpenInference().ModelInferAsync(Infer("seg-dnn", "image", images.Data, [3, 1, 32, 32], id: "call-7"));

        Assert.Equal(("seg-dnn", "1", "call-7"), (infer.ModelName, infer.ModelVersion, infer.Id));
        Assert.Equal("probability FP32 [3, 1, 32, 32]", Text(infer.Outputs.Single().Name, infer.Outputs[0].Datatype, infer.Outputs[0].Shape));
        Assert.Equal(segment.Probability.Data.ToByteArray(), infer.RawOutputContents.Single().ToByteArray());
    }

    [Fact]
    public async Task ModelInfer_WithCounterNoise_SameBytesAsGenerateTumour()
    {
        var server = await models.SharedServerAsync();
        var metadata = await server.OpenInference().ModelMetadataAsync(new ModelMetadataRequest { Name = "tumour-generator" });
        var length = (int)metadata.Inputs[0].Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        var noise = new float[4 * length];
        for (var i = 0; i < 4; i++) CounterNoise.Fill(1234, 10 + (ulong)i, noise.AsSpan(i * length, length));

        var generated = await server.Client().GenerateTumourAsync(new GenerateTumourRequest { Seed = 1234, StartIndex = 10, Count = 4 });
        var infer = await server.OpenInference().ModelInferAsync(Infer("tumour-generator", "noise", Bytes(noise), [4, .. metadata.Inputs[0].Shape.Skip(1)], output: "label_map"));

        Assert.Equal(generated.LabelMap.Data.ToByteArray(), infer.RawOutputContents.Single().ToByteArray());
        Assert.Equal([4L, 1, 16, 16], infer.Outputs.Single().Shape);
    }

    [Fact]
    public async Task ModelInfer_SameBytesAsGenerateBrain_AlsoFromFp32Contents()
    {
        var server = await models.SharedServerAsync();
        var conditions = Tensors.Conditions(2);

        var generated = await server.Client().GenerateBrainAsync(new GenerateBrainRequest { Condition = conditions });
        var raw = await server.OpenInference().ModelInferAsync(Infer("brain-generator", "condition", conditions.Data, [2, 2, 32, 32], version: "1"));
        var typed = Infer("brain-generator", "condition", ByteString.Empty, [2, 2, 32, 32]);
        typed.RawInputContents.Clear();
        typed.Inputs[0].Contents = new InferTensorContents();
        typed.Inputs[0].Contents.Fp32Contents.Add(Tensors.Floats(conditions));
        var fromContents = await server.OpenInference().ModelInferAsync(typed);

        Assert.Equal(generated.Image.Data.ToByteArray(), raw.RawOutputContents.Single().ToByteArray());
        Assert.Equal(generated.Image.Data.ToByteArray(), fromContents.RawOutputContents.Single().ToByteArray());
    }

    public static TheoryData<string, StatusCode, string> BadRequests => new()
    {
        { "unknown model", StatusCode.NotFound, "no model named 'no-such-model'" },
        { "unknown version", StatusCode.NotFound, "has no loaded version 7" },
        { "version not a number", StatusCode.InvalidArgument, "is not a version number" },
        { "wrong datatype", StatusCode.InvalidArgument, "has datatype 'FP64'" },
        { "shape and bytes disagree", StatusCode.InvalidArgument, "has 8192 bytes; shape [1, 1, 32, 32] of FP32 needs 4096" },
        { "wrong sample shape", StatusCode.InvalidArgument, "has shape [2, 1, 16, 16]" },
        { "missing input", StatusCode.InvalidArgument, "the request has 0 inputs" },
        { "extra input", StatusCode.InvalidArgument, "the request has 2 inputs ('image', 'mask')" },
        { "wrong input name", StatusCode.InvalidArgument, "the request's input is 'pixels'" },
        { "wrong output name", StatusCode.InvalidArgument, "has no output 'logits'; it serves 'probability'" },
        { "output twice", StatusCode.InvalidArgument, "output 'probability' is requested twice" },
        { "raw and typed contents", StatusCode.InvalidArgument, "has both contents and raw_input_contents" },
        { "not finite", StatusCode.InvalidArgument, "values must be finite" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ModelInfer_BadRequest_RefusedWithAMessage_ServerKeepsServing(string problem, StatusCode code, string message)
    {
        var server = await models.SharedServerAsync();
        var request = Infer("seg-dnn", "image", Tensors.Images(1).Data, [1, 1, 32, 32]);
        switch (problem)
        {
            case "unknown model": request.ModelName = "no-such-model"; break;
            case "unknown version": request.ModelVersion = "7"; break;
            case "version not a number": request.ModelVersion = "latest"; break;
            case "wrong datatype": request.Inputs[0].Datatype = "FP64"; break;
            case "shape and bytes disagree": request.RawInputContents[0] = Tensors.Images(2).Data; break;
            case "wrong sample shape": request.Inputs[0].Shape[0] = 2; request.Inputs[0].Shape[2] = 16; request.Inputs[0].Shape[3] = 16; break;
            case "missing input": request.Inputs.Clear(); request.RawInputContents.Clear(); break;
            case "extra input":
                request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "mask", Datatype = "FP32", Shape = { 1, 1, 32, 32 } });
                request.RawInputContents.Add(Tensors.Images(1).Data);
                break;
            case "wrong input name": request.Inputs[0].Name = "pixels"; break;
            case "wrong output name": request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "logits" }); break;
            case "output twice":
                request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probability" });
                request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probability" });
                break;
            case "raw and typed contents": request.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { 1f } }; break;
            case "not finite":
                var values = Tensors.Floats(Tensors.Images(1));
                values[100] = float.NaN;
                request.RawInputContents[0] = Bytes(values);
                break;
            default: throw new ArgumentException(problem);
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.OpenInference().ModelInferAsync(request));

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
        var good = await server.OpenInference().ModelInferAsync(Infer("seg-dnn", "image", Tensors.Images(1).Data, [1, 1, 32, 32]));
        Assert.Equal(4096, good.RawOutputContents.Single().Length);
    }

    [Fact]
    public async Task ModelMetadataAndReady_BadReferences()
    {
        var oip = (await models.SharedServerAsync()).OpenInference();

        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await oip.ModelMetadataAsync(new ModelMetadataRequest { Name = "no-such-model" }));
        var version = await Assert.ThrowsAsync<RpcException>(async () => await oip.ModelMetadataAsync(new ModelMetadataRequest { Name = "seg-dnn", Version = "3" }));
        var pathLike = await Assert.ThrowsAsync<RpcException>(async () => await oip.ModelReadyAsync(new ModelReadyRequest { Name = "../seg-dnn" }));

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.NotFound, version.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, pathLike.StatusCode);
    }

    private static ModelInferRequest Infer(string model, string input, ByteString data, long[] shape, string? output = null, string version = "", string id = "")
    {
        var request = new ModelInferRequest { ModelName = model, ModelVersion = version, Id = id };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = input, Datatype = "FP32", Shape = { shape } });
        request.RawInputContents.Add(data);
        if (output is not null) request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = output });
        return request;
    }

    private static string Text(string name, string datatype, IEnumerable<long> shape) => $"{name} {datatype} [{string.Join(", ", shape)}]";

    private static ByteString Bytes(float[] values) => ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
}
