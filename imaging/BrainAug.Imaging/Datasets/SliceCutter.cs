using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// Cuts axial slices out of one loaded case: each modality normalised over its whole volume (statistics taken once),
/// zero-padded to a square and resized (bilinear; labels nearest). The one place slices are made, for the
/// <see cref="SliceExtractor"/> and for a slice store, so both give the same bytes.
/// </summary>
public sealed class SliceCutter
{
    private readonly BrainCase _case;
    private readonly float[][] _volumes;
    private readonly VolumeNormaliser[] _normalisers;
    private readonly int _size;
    private readonly float[] _plane;

    public SliceCutter(BrainCase brainCase, IReadOnlyList<Modality> modalities, Normalisation normalisation, int size)
    {
        _case = brainCase;
        _volumes = [.. modalities.Select(m => brainCase.Images[m])];
        _normalisers = [.. _volumes.Select(v => VolumeNormaliser.Of(v, normalisation))];
        _size = size;
        _plane = new float[brainCase.Width * brainCase.Height];
    }

    /// <summary>Writes slice <paramref name="z"/>'s channels (channel-major, Size x Size each) into <paramref name="image"/>.</summary>
    public void CutImage(int z, Span<float> image)
    {
        var planeSize = _plane.Length;
        var pixels = _size * _size;
        for (var c = 0; c < _volumes.Length; c++)
        {
            _normalisers[c].Apply(_volumes[c].AsSpan(z * planeSize, planeSize), _plane);
            SliceResampler.ResizeBilinear(_plane, _case.Width, _case.Height, _size, image.Slice(c * pixels, pixels));
        }
    }

    /// <summary>Slice <paramref name="z"/>'s labels at Size x Size: 0/1 for a region, the internal classes 0..3 for null.</summary>
    public byte[] CutLabels(int z, TargetRegion? region)
    {
        var labels = TargetLabels(_case.LabelPlane(z), region);
        return SliceResampler.ResizeNearest(labels, _case.Width, _case.Height, _size);
    }

    /// <summary>0/1 for <paramref name="region"/>, or a copy of the classes for null.</summary>
    public static byte[] TargetLabels(ReadOnlySpan<byte> labels, TargetRegion? region)
    {
        if (region is not { } r) return labels.ToArray();
        var target = new byte[labels.Length];
        for (var i = 0; i < labels.Length; i++) target[i] = BratsRegions.Contains(r, labels[i]) ? (byte)1 : (byte)0;
        return target;
    }
}
