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

    /// <summary>
    /// The README's Python example, run as the README shows it (its fenced block after the marker), with the server's
    /// address, a fresh stubs folder and the test's phantom put in place of the README's.
    /// </summary>
    [Fact]
    public async Task ReadmePythonExample_RunsAsShown_AndModelInferAgreesWithSegment()
    {
        var server = await models.SharedServerAsync();
        using var stubs = new TempDirectory();
        var commands = ReadmeBlock("<!-- python-example: run by PythonClientTests -->")
            .Replace("/tmp/brainaug-stubs", stubs.Path).Replace("127.0.0.1:50051", $"127.0.0.1:{server.Port}").Replace("runs/experiment-cpu-folds/data", models.Data).Replace("seg-real-s1", "seg-dnn");

        // Debian's python3 (where the test command installs grpcio, protobuf and nibabel) ahead of any other on PATH.
        var start = ProcessRunner.Command("bash", ["-euo", "pipefail", "-c", commands],
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:" + Environment.GetEnvironmentVariable("PATH") }, Tools.RepositoryRoot);
        var (exitCode, stdout, stderr) = ProcessRunner.Run(start, TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, $"{commands}\n{stdout}\n{stderr}");
        Assert.Contains("seg-dnn 1 expects modalities t1ce", stdout);
        Assert.Matches(@"tumour pixels: \d+ of 1024; ModelInfer agrees with Segment: True", stdout);
    }

    /// <summary>The fenced code block that follows <paramref name="marker"/> in README.md.</summary>
    private static string ReadmeBlock(string marker)
    {
        var readme = File.ReadAllText(Path.Combine(Tools.RepositoryRoot, "README.md"));
        var at = readme.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no {marker}");
        var open = readme.IndexOf("```", at, StringComparison.Ordinal);
        var body = readme.IndexOf('\n', open) + 1;
        return readme[body..readme.IndexOf("```", body, StringComparison.Ordinal)];
    }

    /// <summary>Generates Python stubs from one .proto under protos/ and runs the script against the server; returns its stdout.</summary>
    private static string RunPythonClient(string proto, string script, ServerProcess server)
    {
        using var stubs = new TempDirectory();
        Run("protoc", "-I", Path.Combine(Tools.RepositoryRoot, "protos"), $"--python_out={stubs.Path}", $"--grpc_python_out={stubs.Path}",
            "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", proto);
        return Run("/usr/bin/python3", Path.Combine(AppContext.BaseDirectory, "Python", script), stubs.Path, $"127.0.0.1:{server.Port}");
    }

    private static string Run(string program, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = ProcessRunner.Run(program, arguments, TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)} exited {exitCode}:\n{stdout}\n{stderr}");
        return stdout;
    }
}
