using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace BrainAug.Benchmarks;

/// <summary>The Seg-DNN graph in this process, as the server runs it (one thread per core), on a fixed batch of images;
/// kept open so that it can be timed in slices between the gRPC slices it is compared with.</summary>
public sealed class InProcessOnnx : IDisposable
{
    private readonly SessionOptions _options = new() { IntraOpNumThreads = Environment.ProcessorCount, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly RunOptions _runOptions = new();
    private readonly int _batch;

    public InProcessOnnx(byte[] onnx, float[] images, int batch, int size)
    {
        _session = new InferenceSession(onnx, _options);
        _input = OrtValue.CreateTensorValueFromMemory(images, [batch, 1, size, size]);
        _batch = batch;
        RunOnce(); // warm-up
    }

    /// <summary>Runs batches for at least <paramref name="seconds"/> (and at least two); returns the images and the time taken.</summary>
    public (int Images, double Seconds) Run(double seconds)
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds || calls < 2)
        {
            RunOnce();
            calls++;
        }
        return (calls * _batch, clock.Elapsed.TotalSeconds);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _input.Dispose();
        _session.Dispose();
        _options.Dispose();
    }

    private void RunOnce()
    {
        using var outputs = _session.Run(_runOptions, ["image"], [_input], ["probability"]);
    }
}
