using System.Diagnostics;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace BrainAug.Benchmarks;

/// <summary>
/// The machine's fp32 compute ceiling: a 2048^3 matrix product through ONNX Runtime (MLAS) on every core.
/// libtorch's own matmul reaches only about half of it here, so this is the fairer yardstick.
/// </summary>
public static class ComputeCeiling
{
    private const int N = 2048;

    public static double MeasureGflops(int repeats = 10)
    {
        using var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
        using var session = new InferenceSession(MatMulModel(), options);
        var data = new float[N * N];
        for (var i = 0; i < data.Length; i++) data[i] = (i % 7) * 0.1f; // values do not change the speed
        using var a = OrtValue.CreateTensorValueFromMemory(data, [N, N]);
        using var b = OrtValue.CreateTensorValueFromMemory(data, [N, N]);
        using var runOptions = new RunOptions();
        var inputs = new Dictionary<string, OrtValue> { ["A"] = a, ["B"] = b };
        using (session.Run(runOptions, inputs, ["Y"])) { } // warm-up
        // The best of three rounds: the machines are shared, and a ceiling measured in a noisy moment would make
        // every ratio against it look better than it is.
        var best = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var r = 0; r < repeats; r++)
                using (session.Run(runOptions, inputs, ["Y"])) { }
            best = Math.Max(best, 2.0 * N * N * N * repeats / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    private static byte[] MatMulModel()
    {
        var graph = new GraphProto { Name = "matmul" };
        graph.Input.Add(Tensor("A"));
        graph.Input.Add(Tensor("B"));
        graph.Output.Add(Tensor("Y"));
        var node = new NodeProto { OpType = "MatMul", Name = "matmul" };
        node.Input.Add("A");
        node.Input.Add("B");
        node.Output.Add("Y");
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "brainaug-benchmarks" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Tensor(string name)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = N });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = N });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
