using BrainAug.Imaging.Datasets;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>
/// Slices of a set of cases as CPU tensors: images (N, C, S, S) as normalised by the slice options, and
/// labels (N, 1, S, S) float 0/1 for a binary region or (N, S, S) int64 classes for multi-class.
/// </summary>
public sealed class SliceTensors : IDisposable
{
    private SliceTensors(Tensor images, Tensor labels, int count)
    {
        Images = images;
        Labels = labels;
        Count = count;
    }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public int Count { get; }

    public static SliceTensors FromSlices(IReadOnlyList<BrainSlice> slices, bool multiClass)
    {
        if (slices.Count == 0)
            throw new ArgumentException("no slices to train on: check the slice policy and the dataset");
        int channels = slices[0].Channels, size = slices[0].Size;
        var images = new float[slices.Count * channels * size * size];
        var labels = new float[slices.Count * size * size];
        for (var i = 0; i < slices.Count; i++)
        {
            slices[i].Image.CopyTo(images, i * channels * size * size);
            for (var p = 0; p < size * size; p++) labels[i * size * size + p] = slices[i].Label[p];
        }
        var imageTensor = tensor(images, [slices.Count, channels, size, size]);
        var labelTensor = multiClass
            ? tensor(labels, [slices.Count, size, size]).to(ScalarType.Int64)
            : tensor(labels, [slices.Count, 1, size, size]);
        return new SliceTensors(imageTensor, labelTensor, slices.Count);
    }

    /// <summary>Binary labels as float masks (N, 1, S, S) (a copy; for multi-class: any tumour label).</summary>
    public Tensor Masks() => Labels.dim() == 4 ? Labels.clone() : Labels.gt(0).unsqueeze(1).to(ScalarType.Float32);

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
