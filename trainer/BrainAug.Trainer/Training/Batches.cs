using BrainAug.Imaging.Common;

namespace BrainAug.Trainer.Training;

/// <summary>Mini-batch index lists for an epoch, shuffled by a generator seeded from (seed, epoch) so a
/// resumed run sees exactly the batches an uninterrupted one would.</summary>
public static class Batches
{
    public static List<long[]> ForEpoch(int count, int batchSize, ulong seed, int epoch, bool shuffle = true)
    {
        var order = Enumerable.Range(0, count).Select(i => (long)i).ToList();
        if (shuffle) SeededRandom.For(seed, 0x5EED_0000UL + (ulong)epoch).Shuffle(order);
        return order.Chunk(batchSize).Select(chunk => chunk.ToArray()).ToList();
    }

    /// <summary>The torch seed for an epoch (dropout, noise): a pure function of (seed, epoch).</summary>
    public static long TorchSeed(ulong seed, int epoch) => (long)(SeededRandom.Hash(seed, 0x70C4_0000UL + (ulong)epoch) >> 1);
}
