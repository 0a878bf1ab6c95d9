using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>
/// Slices of a set of cases as CPU tensors: images (N, C, S, S) as normalised by the slice options, and
/// labels (N, 1, S, S) float 0/1 for a binary region, (N, S, S) int64 classes for multi-class, or (N, 3, S, S) float
/// 0/1 for the regions WT, TC, ET (<see cref="BratsRegions"/>).
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

    public static SliceTensors FromSlices(IReadOnlyList<BrainSlice> slices, TargetRegion target)
    {
        if (slices.Count == 0)
            throw new ArgumentException("no slices to train on: check the slice policy and the dataset");
        int channels = slices[0].Channels, size = slices[0].Size, pixels = size * size;
        var labelChannels = target == TargetRegion.Regions ? BratsRegions.Count : 1;
        var images = new float[slices.Count * channels * pixels];
        var labels = new float[slices.Count * labelChannels * pixels];
        for (var i = 0; i < slices.Count; i++)
        {
            slices[i].Image.CopyTo(images, i * channels * pixels);
            if (target == TargetRegion.Regions) BratsRegions.Write(slices[i].Label, labels.AsSpan(i * labelChannels * pixels, labelChannels * pixels));
            else for (var p = 0; p < pixels; p++) labels[i * pixels + p] = slices[i].Label[p];
        }
        var imageTensor = tensor(images, [slices.Count, channels, size, size]);
        var labelTensor = target == TargetRegion.Multiclass
            ? tensor(labels, [slices.Count, size, size]).to(ScalarType.Int64)
            : tensor(labels, [slices.Count, labelChannels, size, size]);
        return new SliceTensors(imageTensor, labelTensor, slices.Count);
    }

    /// <summary>Tumour masks (N, 1, S, S) float (a copy): the binary region, any tumour label (multi-class), or the
    /// whole tumour (regions).</summary>
    public Tensor Masks() => Labels.dim() == 3 ? Labels.gt(0).unsqueeze(1).to(ScalarType.Float32) : Labels.narrow(1, 0, 1).clone();

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
