using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BrainAug.Report.Experiment;

/// <summary>An exported Seg-DNN run in process with ONNX Runtime (CPU): probabilities for the overlays and the
/// "features" output (the encoder bottleneck averaged over space) for the Frechet distance.</summary>
public sealed class SegDnnModel : IDisposable
{
    private const int Batch = 16;
    private readonly InferenceSession _session;
    private readonly int _channels, _size;

    public SegDnnModel(string onnxPath)
    {
        using var options = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
        _session = new InferenceSession(onnxPath, options);
        if (!_session.OutputMetadata.ContainsKey("features"))
            throw new InvalidDataException($"{onnxPath} has no \"features\" output: export it again with this version of brainaug-exporter");
        var dims = _session.InputMetadata["image"].Dimensions;
        (_channels, _size) = (dims[1], dims[2]);
    }

    /// <summary>Probability maps (size x size, first channel) of images of channels x size x size each.</summary>
    public List<float[]> Probabilities(IReadOnlyList<float[]> images) => Run(images, "probability");

    public List<float[]> Features(IReadOnlyList<float[]> images) => Run(images, "features");

    private List<float[]> Run(IReadOnlyList<float[]> images, string output)
    {
        var sample = _channels * _size * _size;
        if (images.Any(i => i.Length != sample)) throw new ArgumentException($"images must be {_channels}x{_size}x{_size} for this model");
        var result = new List<float[]>();
        for (var start = 0; start < images.Count; start += Batch)
        {
            var count = Math.Min(Batch, images.Count - start);
            var input = new DenseTensor<float>([count, _channels, _size, _size]);
            for (var i = 0; i < count; i++) images[start + i].CopyTo(input.Buffer.Span[(i * sample)..]);
            using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor("image", input)], [output]);
            var values = outputs[0].AsTensor<float>().ToArray();
            var each = values.Length / count;
            // The first channel only: the probability of the target region (binary models have one).
            var keep = output == "probability" ? _size * _size : each;
            for (var i = 0; i < count; i++) result.Add(values.AsSpan(i * each, keep).ToArray());
        }
        return result;
    }

    public void Dispose() => _session.Dispose();
}
