using BrainAug.Imaging.Datasets;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>
/// pix2pix pairs as CPU tensors in [-1, 1]: conditions (N, label channels [+ outline], S, S) and images
/// (N, modalities, S, S). The outline channel is the brain mask of the real slice (non-zero voxels): the
/// anatomy the generator should fill in, as Shin et al. 2018 conditioned on.
/// </summary>
public sealed class BrainPairs : IDisposable
{
    public BrainPairs(IReadOnlyList<BrainSlice> slices, bool multiClass, bool withOutline)
    {
        if (slices.Count == 0) throw new ArgumentException("no slices for the brain generator: check the slice policy");
        var (count, size, channels) = (slices.Count, slices[0].Size, slices[0].Channels);
        var pixels = size * size;
        var labelChannels = LabelChannels.Count(multiClass);
        var conditionChannels = labelChannels + (withOutline ? 1 : 0);
        var conditions = new float[count * conditionChannels * pixels];
        var images = new float[count * channels * pixels];
        for (var i = 0; i < count; i++)
        {
            var condition = conditions.AsSpan(i * conditionChannels * pixels, conditionChannels * pixels);
            LabelChannels.Write(slices[i].Label, multiClass, condition);
            if (withOutline)
                for (var p = 0; p < pixels; p++) condition[labelChannels * pixels + p] = slices[i].Image[p] > 0 ? 1f : -1f;
            for (var j = 0; j < channels * pixels; j++) images[i * channels * pixels + j] = slices[i].Image[j] * 2 - 1;
        }
        Conditions = tensor(conditions, [count, conditionChannels, size, size]);
        Images = tensor(images, [count, channels, size, size]);
        Count = count;
    }

    public Tensor Conditions { get; }

    public Tensor Images { get; }

    public int Count { get; }

    public void Dispose()
    {
        Conditions.Dispose();
        Images.Dispose();
    }
}
