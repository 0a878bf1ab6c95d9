using System.Collections;

namespace BrainAug.Imaging.Datasets;

/// <summary>Slices made when they are read (from a slice store, or transformed from other slices), so that a
/// training's memory does not grow with the number of slices: only the batch being read is in memory.</summary>
public sealed class LazySliceList(int count, Func<int, BrainSlice> read) : IReadOnlyList<BrainSlice>
{
    public int Count { get; } = count;

    public BrainSlice this[int index] => (uint)index < (uint)Count ? read(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<BrainSlice> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return read(i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Several slice lists read as one, in order (real slices, then their copies, then synthetic ones).</summary>
public sealed class ConcatenatedSliceList(IReadOnlyList<IReadOnlyList<BrainSlice>> parts) : IReadOnlyList<BrainSlice>
{
    public int Count { get; } = parts.Sum(p => p.Count);

    public BrainSlice this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            foreach (var part in parts)
            {
                if (index < part.Count) return part[index];
                index -= part.Count;
            }
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    public IEnumerator<BrainSlice> GetEnumerator() => parts.SelectMany(p => p).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
