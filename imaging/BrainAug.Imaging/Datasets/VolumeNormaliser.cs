using System.Numerics;
using System.Runtime.InteropServices;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// A volume's intensity normalisation (<see cref="Normalisation"/>): the statistics are taken over the whole volume
/// once (so slices of one case stay comparable), and applied only to the planes that are cut, never to a copy of
/// the volume (allocating and touching a fresh 35 MB array cost more than decoding it, measured in issue 29).
/// </summary>
internal readonly struct VolumeNormaliser
{
    private readonly Normalisation _kind;
    private readonly float _min, _range;
    private readonly double _mean, _std;
    private readonly bool _empty;

    private VolumeNormaliser(Normalisation kind, float min = 0, float range = 0, double mean = 0, double std = 1, bool empty = false)
    {
        _kind = kind;
        _min = min;
        _range = range;
        _mean = mean;
        _std = std;
        _empty = empty;
    }

    public static VolumeNormaliser Of(float[] volume, Normalisation normalisation)
    {
        switch (normalisation)
        {
            case Normalisation.MinMax:
                var (min, max) = MinMax(volume);
                return new(normalisation, min: min, range: max - min);
            case Normalisation.ZScoreBrain:
                var brain = volume.Where(v => v != 0).Select(v => (double)v).ToArray();
                if (brain.Length == 0) return new(normalisation, empty: true);
                var mean = brain.Average();
                var std = Math.Sqrt(brain.Sum(v => (v - mean) * (v - mean)) / brain.Length);
                return new(normalisation, mean: mean, std: std > 0 ? std : 1);
            default:
                return new(normalisation);
        }
    }

    /// <summary>The values <see cref="Enumerable.Min(IEnumerable{float})"/> and <see cref="Enumerable.Max(IEnumerable{float})"/>
    /// return (the first of equal values, so the sign of a zero is theirs; Min is NaN if any value is, Max ignores NaN),
    /// found with vector instructions: the scalar LINQ pass took longer than decoding the volume.</summary>
    internal static (float Min, float Max) MinMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new InvalidOperationException("an empty volume has no intensity range");
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        Vector<float> low = new(values[0]), high = low, nan = Vector<float>.Zero;
        foreach (var v in vectors)
        {
            low = Vector.Min(low, v);
            high = Vector.Max(high, v);
            nan |= Vector.AsVectorSingle(~Vector.Equals(v, v));
        }
        float min = values[0], max = values[0];
        for (var i = 0; i < Vector<float>.Count; i++)
        {
            min = Math.Min(min, low[i]);
            max = Math.Max(max, high[i]);
        }
        var hasNaN = nan != Vector<float>.Zero;
        foreach (var v in values[(vectors.Length * Vector<float>.Count)..])
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            hasNaN |= float.IsNaN(v);
        }
        if (hasNaN) return (Enumerable.Min(values.ToArray()), Enumerable.Max(values.ToArray()));
        return (FirstEqual(values, min), FirstEqual(values, max));
    }

    /// <summary>The first value equal to <paramref name="value"/>: for 0 it may be -0 or +0.</summary>
    private static float FirstEqual(ReadOnlySpan<float> values, float value)
    {
        if (value != 0) return value;
        foreach (var v in values)
            if (v == value) return v;
        return value;
    }

    public void Apply(ReadOnlySpan<float> source, Span<float> target)
    {
        for (var i = 0; i < source.Length; i++) target[i] = Apply(source[i]);
    }

    private float Apply(float v) => _kind switch
    {
        Normalisation.MinMax => _range > 0 ? (v - _min) / _range : 0f,
        Normalisation.ZScoreBrain => _empty || v == 0 ? 0f : (float)((v - _mean) / _std),
        _ => v,
    };
}
