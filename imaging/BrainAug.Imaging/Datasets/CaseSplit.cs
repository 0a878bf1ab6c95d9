using BrainAug.Imaging.Common;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// A train/validation/test split by case (never by slice, so no case leaks across sets), fixed by a seed:
/// ids are sorted, shuffled with <see cref="SeededRandom"/>, then cut by the fractions.
/// </summary>
public sealed record CaseSplit(IReadOnlyList<string> Train, IReadOnlyList<string> Validation, IReadOnlyList<string> Test)
{
    public static CaseSplit Create(IEnumerable<string> caseIds, double validationFraction, double testFraction, ulong seed)
    {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1)
            throw new ArgumentException($"validation ({validationFraction}) and test ({testFraction}) fractions must be >= 0 and leave some cases for training");
        var ids = caseIds.Distinct().Order(StringComparer.Ordinal).ToList();
        new SeededRandom(seed).Shuffle(ids);
        var test = Count(ids.Count, testFraction);
        var validation = Count(ids.Count, validationFraction);
        if (ids.Count - test - validation < 1)
            throw new ArgumentException($"{ids.Count} cases are too few for the fractions asked; at least one must remain for training");
        return new CaseSplit(
            Sorted(ids.Skip(test + validation)),
            Sorted(ids.Skip(test).Take(validation)),
            Sorted(ids.Take(test)));
    }

    /// <summary>Rounded share, but at least one case for a non-zero fraction.</summary>
    private static int Count(int total, double fraction) =>
        fraction == 0 ? 0 : Math.Max(1, (int)Math.Round(total * fraction, MidpointRounding.AwayFromZero));

    private static List<string> Sorted(IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToList();
}
