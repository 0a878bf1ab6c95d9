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

    /// <summary>
    /// Fold <paramref name="fold"/> (1-based) of a k-fold cross-validation: the ids, sorted and shuffled with the seed,
    /// are dealt round-robin into <paramref name="folds"/> test folds (sizes differ by at most one), so the folds'
    /// test sets are disjoint and together hold every case once; the other cases are cut into validation (the
    /// fraction of them) and training, so no fold trains or validates on its own test cases.
    /// </summary>
    public static CaseSplit Fold(IEnumerable<string> caseIds, int folds, int fold, double validationFraction, ulong seed)
    {
        if (folds < 2 || fold < 1 || fold > folds) throw new ArgumentException($"fold {fold} of {folds}: k-fold needs at least 2 folds and a fold in 1..{folds}");
        if (validationFraction < 0 || validationFraction >= 1) throw new ArgumentException($"the validation fraction ({validationFraction}) must lie in [0, 1)");
        var ids = caseIds.Distinct().Order(StringComparer.Ordinal).ToList();
        if (ids.Count < folds * 2) throw new ArgumentException($"{ids.Count} cases are too few for {folds} folds (at least {folds * 2})");
        new SeededRandom(seed).Shuffle(ids);
        var test = ids.Where((_, i) => i % folds == fold - 1).ToList();
        var rest = ids.Where((_, i) => i % folds != fold - 1).ToList();
        var validation = Math.Min(Count(rest.Count, validationFraction), rest.Count - 1);
        return new CaseSplit(Sorted(rest.Skip(validation)), Sorted(rest.Take(validation)), Sorted(test));
    }

    /// <summary>Rounded share, but at least one case for a non-zero fraction.</summary>
    private static int Count(int total, double fraction) =>
        fraction == 0 ? 0 : Math.Max(1, (int)Math.Round(total * fraction, MidpointRounding.AwayFromZero));

    private static List<string> Sorted(IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToList();
}
