namespace BrainAug.Report.Quality;

/// <summary>A query image's nearest reference image and their root-mean-square pixel distance.</summary>
public sealed record Neighbour(int Query, int Reference, double Distance);

/// <summary>
/// The memorisation check: for each query (a synthetic slice) the nearest reference (a real training slice) by
/// RMS pixel distance. Compared with the same distances for real test slices, which the generators never saw:
/// synthetic slices much closer to the training set than unseen real slices are would be copies.
/// </summary>
public static class NearestNeighbours
{
    public static List<Neighbour> Find(IReadOnlyList<float[]> queries, IReadOnlyList<float[]> references)
    {
        if (references.Count == 0) throw new ArgumentException("no reference images");
        var result = new Neighbour[queries.Count];
        Parallel.For(0, queries.Count, q =>
        {
            var best = new Neighbour(q, -1, double.PositiveInfinity);
            for (var r = 0; r < references.Count; r++)
            {
                var distance = RmsDistance(queries[q], references[r]);
                if (distance < best.Distance) best = new Neighbour(q, r, distance);
            }
            result[q] = best;
        });
        return [.. result];
    }

    public static double RmsDistance(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException("images differ in size");
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return Math.Sqrt(sum / a.Length);
    }
}
