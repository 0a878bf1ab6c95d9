using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>
/// pix2pix pairs as CPU tensors in [-1, 1]: conditions (N, condition channels, S, S) and images
/// (N, modalities, S, S). Conditions by <see cref="BrainCondition"/>: the label channels; plus the brain mask of the
/// real slice (non-zero voxels, the anatomy the generator should fill in, as Shin et al. 2018 conditioned on); or for
/// inpainting the real slice itself, the region around its tumour and the label (<see cref="InpaintCondition"/>).
/// Inpainting learns only from slices with tumour: elsewhere the region is empty and there is nothing to paint.
/// </summary>
public sealed class BrainPairs : IDisposable
{
    public BrainPairs(IReadOnlyList<BrainSlice> slices, BrainConfig config)
    {
        if (config.Inpaints) slices = [.. slices.Where(s => s.TumourPixels > 0)];
        if (slices.Count == 0)
            throw new ArgumentException(config.Inpaints ? "no slices with tumour for the inpainting brain generator: check the slice policy" : "no slices for the brain generator: check the slice policy");
        var (count, size, channels) = (slices.Count, slices[0].Size, slices[0].Channels);
        var pixels = size * size;
        var conditionChannels = config.ConditionChannels;
        var conditions = new float[count * conditionChannels * pixels];
        var images = new float[count * channels * pixels];
        for (var i = 0; i < count; i++)
        {
            var image = images.AsSpan(i * channels * pixels, channels * pixels);
            for (var j = 0; j < image.Length; j++) image[j] = slices[i].Image[j] * 2 - 1;
            var condition = conditions.AsSpan(i * conditionChannels * pixels, conditionChannels * pixels);
            if (config.Inpaints)
                WriteInpaintCondition(slices[i], image, config, condition);
            else
                WriteLabelCondition(slices[i], config, condition);
        }
        Conditions = tensor(conditions, [count, conditionChannels, size, size]);
        Images = tensor(images, [count, channels, size, size]);
        Count = count;
    }

    public Tensor Conditions { get; }

    public Tensor Images { get; }

    public int Count { get; }

    private static void WriteLabelCondition(BrainSlice slice, BrainConfig config, Span<float> condition)
    {
        var pixels = slice.Size * slice.Size;
        LabelPlanes.Encode(slice.Label, config.LabelChannels, condition);
        if (!config.WithOutline) return;
        var brain = slice.Brain();
        for (var p = 0; p < pixels; p++) condition[config.LabelChannels * pixels + p] = brain[p] ? 1f : -1f;
    }

    private static void WriteInpaintCondition(BrainSlice slice, ReadOnlySpan<float> image, BrainConfig config, Span<float> condition)
    {
        var planes = LabelPlanes.Encode(slice.Label, config.LabelChannels);
        var brain = slice.Brain();
        var region = InpaintCondition.Region(planes, config.LabelChannels, brain, slice.Size, config.RegionMargin);
        InpaintCondition.Write(image, region, planes, slice.Size, condition);
    }

    public void Dispose()
    {
        Conditions.Dispose();
        Images.Dispose();
    }
}
