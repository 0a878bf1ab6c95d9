namespace BrainAug.Contracts.Generation;

/// <summary>
/// The tumour generator's noise, counter-based: sample <c>index</c> of <c>seed</c> is a pure function of the two,
/// so any server, batch size or request split gives the same sample. The exact definition is in
/// protos/brainaug/v1/brainaug.proto (GenerateTumourRequest), so clients in any language can reproduce it; the server
/// uses it for GenerateTumour and GeneratePairs, the clients to call a tumour generator over the Open Inference Protocol.
/// </summary>
public static class CounterNoise
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    /// <summary>Writes the standard normal noise vector of (seed, index) into <paramref name="destination"/>.</summary>
    public static void Fill(ulong seed, ulong index, Span<float> destination)
    {
        var sampleKey = SplitMix64(SplitMix64(seed) ^ index);
        for (var pair = 0; 2 * pair < destination.Length; pair++)
        {
            var u1 = ((SplitMix64(sampleKey ^ (ulong)(2 * pair)) >> 11) + 1) * TwoToMinus53; // (0, 1]: log is finite
            var u2 = (SplitMix64(sampleKey ^ (ulong)(2 * pair + 1)) >> 11) * TwoToMinus53;
            var radius = Math.Sqrt(-2 * Math.Log(u1));
            destination[2 * pair] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (2 * pair + 1 < destination.Length) destination[2 * pair + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood 2014): the golden-ratio increment, then its finaliser.</summary>
    public static ulong SplitMix64(ulong x)
    {
        var z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
