using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BrainAug.InferenceServer.Models;

/// <summary>
/// One ONNX graph in one <see cref="InferenceSession"/>: a float32 NCHW input with a dynamic batch
/// dimension, and the float32 outputs the server reads from it. Run is thread-safe (ONNX Runtime's sessions are).
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    public OnnxModel(InferenceSession session, string provider, IReadOnlyList<string> outputs)
    {
        _session = session;
        Provider = provider;
        if (session.InputMetadata.Count != 1)
            throw new InvalidDataException($"the graph has {session.InputMetadata.Count} inputs; BrainAug graphs have one");
        var (inputName, input) = session.InputMetadata.First();
        InputName = inputName;
        SampleShape = SampleDimensions(inputName, input);
        foreach (var output in outputs.Where(o => !session.OutputMetadata.ContainsKey(o)))
            throw new InvalidDataException($"the graph has no output '{output}' (it has {string.Join(", ", session.OutputMetadata.Keys)})");
        _outputNames = [.. outputs];
        OutputSampleShapes = [.. outputs.Select(o => SampleDimensions(o, session.OutputMetadata[o]))];
    }

    public string Provider { get; }

    public string InputName { get; }

    /// <summary>Input shape without the batch dimension, e.g. (1, 240, 240).</summary>
    public long[] SampleShape { get; }

    public int SampleLength => (int)SampleShape.Aggregate(1L, (a, b) => a * b);

    public IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>Position of an output among those served, or -1.</summary>
    public int OutputIndex(string name) => Array.IndexOf(_outputNames, name);

    public IReadOnlyList<long[]> OutputSampleShapes { get; }

    public int OutputSampleLength(int output) => (int)OutputSampleShapes[output].Aggregate(1L, (a, b) => a * b);

    /// <summary>Runs <paramref name="count"/> samples held at the start of <paramref name="input"/>; hands each
    /// output's values (count samples) to <paramref name="read"/> while they are still in ONNX Runtime's memory.</summary>
    public void Run(float[] input, int count, Action<int, ReadOnlySpan<float>> read)
    {
        long[] shape = [count, .. SampleShape];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * SampleLength), shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [InputName], [inputValue], _outputNames);
        for (var i = 0; i < outputs.Count; i++) read(i, outputs[i].GetTensorDataAsSpan<float>());
    }

    public void Dispose() => _session.Dispose();

    private static long[] SampleDimensions(string name, NodeMetadata node)
    {
        if (node.ElementDataType != TensorElementType.Float)
            throw new InvalidDataException($"tensor {name} is {node.ElementDataType}; the server serves float32 graphs");
        var dims = node.Dimensions;
        if (dims.Length != 4 || dims.Skip(1).Any(d => d <= 0))
            throw new InvalidDataException($"tensor {name} has shape [{string.Join(", ", dims)}]; expected (N, C, H, W) with fixed C, H, W");
        return [.. dims.Skip(1).Select(d => (long)d)];
    }
}
