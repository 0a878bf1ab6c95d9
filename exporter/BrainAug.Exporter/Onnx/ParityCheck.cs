using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainAug.Exporter.Onnx;

/// <summary>The exported graph disagrees with the TorchSharp network it came from.</summary>
public sealed class ParityException(string message) : Exception(message);

/// <summary>
/// Runs the graph in ONNX Runtime and the network in TorchSharp (eval mode) on the same random inputs and
/// compares the first output: max |difference| must stay within <see cref="Tolerance"/> of the output's scale.
/// </summary>
public static class ParityCheck
{
    public const double Tolerance = 1e-4;

    /// <summary>Returns the worst relative difference over the batch sizes; throws past the tolerance.</summary>
    public static double Verify(ModelProto model, nn.Module<Tensor, Tensor> network, long[] inputShape, int[] batchSizes, long seed = 1)
    {
        network.eval();
        using var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var inputName = model.Graph.Input[0].Name;
        var outputName = model.Graph.Output[0].Name;
        var worst = 0.0;
        foreach (var batch in batchSizes)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)(seed + batch));
            var input = randn([batch, .. inputShape], generator: generator);
            float[] expected;
            using (no_grad()) expected = network.call(input).contiguous().data<float>().ToArray();
            var data = input.contiguous().data<float>().ToArray();
            using var value = OrtValue.CreateTensorValueFromMemory(data, [batch, .. inputShape]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { [inputName] = value }, [outputName]);
            var actual = results[0].GetTensorDataAsSpan<float>();
            if (actual.Length != expected.Length)
                throw new ParityException($"{model.Graph.Name}: ONNX output has {actual.Length} values, TorchSharp {expected.Length} (batch {batch})");
            var scale = Math.Max(1.0, expected.Max(Math.Abs));
            var difference = 0.0;
            for (var i = 0; i < expected.Length; i++) difference = Math.Max(difference, Math.Abs(actual[i] - expected[i]));
            worst = Math.Max(worst, difference / scale);
        }
        if (worst > Tolerance)
            throw new ParityException($"{model.Graph.Name}: ONNX Runtime and TorchSharp differ by {worst:E2} (relative), more than {Tolerance:E0}");
        return worst;
    }
}
