namespace BrainAug.InferenceServer.Services;

/// <summary>
/// The sample indices of a generation call, start_index .. start_index + count - 1, which must all be uint64
/// values: a range past 2^64 - 1 would wrap round to sample 0 and silently repeat earlier samples.
/// </summary>
public static class SampleRange
{
    /// <summary>Refuses a range that does not fit in uint64; <paramref name="count"/> is already checked to be at least 1.</summary>
    public static void Check(ulong startIndex, int count)
    {
        var lastValidStart = ulong.MaxValue - (ulong)(count - 1);
        if (startIndex > lastValidStart)
            RpcErrors.InvalidArgument($"start_index {startIndex} with count {count} runs past the last sample index 2^64 - 1; " +
                                      $"the last valid start_index for count {count} is {lastValidStart}");
    }
}
