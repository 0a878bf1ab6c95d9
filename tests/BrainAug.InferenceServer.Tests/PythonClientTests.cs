using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;

namespace BrainAug.InferenceServer.Tests;

/// <summary>
/// The server called by a client we did not write: Debian's python3-grpcio, with stubs generated from
/// protos/ by protoc (protobuf-compiler + protobuf-compiler-grpc, installed by scripts/test.sh).
/// </summary>
[Collection(ServerCollection.Name)]
public class PythonClientTests(ModelsFixture models)
{
    [Fact]
    public async Task PythonGrpcClient_CallsEveryUnaryKindAndGetsTheSameSamples()
    {
        var server = await models.SharedServerAsync();
        var output = RunPythonClient("brainaug/v1/brainaug.proto", "brainaug_client.py", server);

        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["brain-generator:1:CPU", "seg-dnn:1:CPU", "tumour-generator:1:CPU"], result.GetProperty("models").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([2, 1, 32, 32], result.GetProperty("segment_probability_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([2, 1, 32, 32], result.GetProperty("segment_mask_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.InRange(result.GetProperty("segment_probability_min").GetDouble(), 0, 1);
        Assert.InRange(result.GetProperty("segment_probability_max").GetDouble(), 0, 1);
        Assert.Equal("seg-dnn:1", result.GetProperty("segment_served_by").GetString());
        Assert.Equal("INVALID_ARGUMENT", result.GetProperty("bad_request").GetString());
        var ours = await server.Client().GenerateTumourAsync(new GenerateTumourRequest { Seed = 1234, StartIndex = 5, Count = 3 });
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ours.LabelMap.Data.Span)), result.GetProperty("tumour_sha256").GetString());
    }

    [Fact]
    public async Task PythonOpenInferenceClient_CallsEveryRpcAndGetsSegmentsBytes()
    {
        var server = await models.SharedServerAsync();
        var output = RunPythonClient("inference/grpc_predict_v2.proto", "oip_client.py", server);

        var result = JsonDocument.Parse(output).RootElement;
        Assert.True(result.GetProperty("live").GetBoolean());
        Assert.True(result.GetProperty("ready").GetBoolean());
        Assert.True(result.GetProperty("model_ready").GetBoolean());
        Assert.Equal("brainaug-server", result.GetProperty("server").GetString());
        Assert.Equal(["1"], result.GetProperty("versions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("onnxruntime_onnx", result.GetProperty("platform").GetString());
        Assert.Equal("""["image","FP32",[-1,1,32,32]]""", result.GetProperty("input").GetRawText().Replace(" ", ""));
        Assert.Equal("""["probability","FP32",[-1,1,32,32]]""", result.GetProperty("output").GetRawText().Replace(" ", ""));
        Assert.Equal("seg-dnn:1", result.GetProperty("infer_model").GetString());
        Assert.Equal([2, 1, 32, 32], result.GetProperty("infer_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.InRange(result.GetProperty("probability_min").GetDouble(), 0, 1);
        Assert.InRange(result.GetProperty("probability_max").GetDouble(), 0, 1);
        Assert.Equal("INVALID_ARGUMENT", result.GetProperty("bad_request").GetString());
        Assert.Equal("NOT_FOUND", result.GetProperty("unknown_model").GetString());
        var image = new float[2 * 32 * 32];
        Array.Fill(image, 0.25f);
        var ours = await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Float32(image, 2, 1, 32, 32) });
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ours.Probability.Data.Span)), result.GetProperty("probability_sha256").GetString());
        Assert.Equal(["system_shared_memory"], result.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["py-in", "py-out"], result.GetProperty("shm_regions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0], result.GetProperty("shm_raw_output_lengths").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(result.GetProperty("probability_sha256").GetString(), result.GetProperty("shm_probability_sha256").GetString());
    }

    /// <summary>Generates Python stubs from one .proto under protos/ and runs the script against the server; returns its stdout.</summary>
    private static string RunPythonClient(string proto, string script, ServerProcess server)
    {
        var stubs = Directory.CreateTempSubdirectory("brainaug-python-stubs-").FullName;
        Run("protoc", "-I", Path.Combine(Tools.RepositoryRoot, "protos"), $"--python_out={stubs}", $"--grpc_python_out={stubs}",
            "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", proto);
        return Run("/usr/bin/python3", Path.Combine(AppContext.BaseDirectory, "Python", script), stubs, $"127.0.0.1:{server.Port}");
    }

    private static string Run(string program, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = ProcessRunner.Run(program, arguments, TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)} exited {exitCode}:\n{stdout}\n{stderr}");
        return stdout;
    }
}
