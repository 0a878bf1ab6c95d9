using System.Collections;

namespace BrainAug.Imaging.Datasets;

/// <summary>A slice list that can give a slice's labels without its pixels (a pass over every label, such as the head
/// prior's, then reads 1/17 of a four-channel store).</summary>
public interface ISliceLabels
{
    byte[] Label(int index);
}

/// <summary>The labels of slice <paramref name="index"/>, without reading its pixels where the list can.</summary>
public static class SliceLabels
{
    public static byte[] Of(IReadOnlyList<BrainSlice> slices, int index) =>
        slices is ISliceLabels labels ? labels.Label(index) : slices[index].Label;
}

/// <summary>Slices made when they are read (from a slice store, or transformed from other slices), so that a
/// training's memory does not grow with the number of slices: only the batch being read is in memory.</summary>
public sealed class LazySliceList(int count, Func<int, BrainSlice> read, Func<int, byte[]>? readLabel = null) : IReadOnlyList<BrainSlice>, ISliceLabels
{
    public int Count { get; } = count;

    public byte[] Label(int index) => readLabel is null ? this[index].Label
        : (uint)index < (uint)Count ? readLabel(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public BrainSlice this[int index] => (uint)index < (uint)Count ? read(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<BrainSlice> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return read(i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Several slice lists read as one, in order (real slices, then their copies, then synthetic ones).</summary>
public sealed class ConcatenatedSliceList(IReadOnlyList<IReadOnlyList<BrainSlice>> parts) : IReadOnlyList<BrainSlice>, ISliceLabels
{
    public int Count { get; } = parts.Sum(p => p.Count);

    public BrainSlice this[int index] => Locate(index) is var (part, i) ? part[i] : throw new ArgumentOutOfRangeException(nameof(index));

    public byte[] Label(int index) => Locate(index) is var (part, i) ? SliceLabels.Of(part, i) : throw new ArgumentOutOfRangeException(nameof(index));

    private (IReadOnlyList<BrainSlice> Part, int Index)? Locate(int index)
    {
        if (index < 0) return null;
        foreach (var part in parts)
        {
            if (index < part.Count) return (part, index);
            index -= part.Count;
        }
        return null;
    }

    public IEnumerator<BrainSlice> GetEnumerator() => parts.SelectMany(p => p).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
