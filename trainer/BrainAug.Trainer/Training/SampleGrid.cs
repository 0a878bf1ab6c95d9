using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Png;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>PNG grids of generated samples, written per epoch so a run's progress can be seen.</summary>
public static class SampleGrid
{
    /// <summary>Label maps (N, channels, S, S) in [-1, 1] as a grid of coloured masks (<see cref="LabelPlanes"/>).</summary>
    public static void WriteLabels(string path, Tensor labelChannels, bool multiClass, int columns)
    {
        var (count, size) = ((int)labelChannels.shape[0], (int)labelChannels.shape[2]);
        var data = labelChannels.cpu().to(ScalarType.Float32).data<float>().ToArray();
        var perSample = data.Length / count;
        var montage = new Montage((count + columns - 1) / columns, columns, size);
        for (var i = 0; i < count; i++)
        {
            var labels = LabelPlanes.Decode(data.AsSpan(i * perSample, Channels(multiClass) * size * size), Channels(multiClass));
            montage.Place(i / columns, i % columns, SliceRenderer.LabelRgb(labels, binary: !multiClass));
        }
        montage.Save(path);
    }

    /// <summary>Rows of (condition, real, generated) for the brain generator; images in [-1, 1].</summary>
    public static void WritePairs(string path, Tensor labelChannels, Tensor real, Tensor fake, bool multiClass)
    {
        var (count, size) = ((int)real.shape[0], (int)real.shape[2]);
        var labels = labelChannels.cpu().data<float>().ToArray();
        var perLabel = labels.Length / count;
        var montage = new Montage(count, 3, size);
        for (var i = 0; i < count; i++)
        {
            var map = LabelPlanes.Decode(labels.AsSpan(i * perLabel, Channels(multiClass) * size * size), Channels(multiClass));
            montage.Place(i, 0, SliceRenderer.LabelRgb(map, binary: !multiClass));
            montage.Place(i, 1, Grey(real[i][0]));
            montage.Place(i, 2, Grey(fake[i][0]));
        }
        montage.Save(path);
    }

    private static int Channels(bool multiClass) => multiClass ? LabelPlanes.Classes : 1;

    private static byte[] Grey(Tensor image) =>
        SliceRenderer.GreyToRgb(image.cpu().to(ScalarType.Float32).data<float>().Select(v => (byte)Math.Clamp((v + 1) * 127.5, 0, 255)).ToArray());
}
