using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Common;

namespace BrainAug.Clients.Augmentation;

/// <summary>Where and how a generated tumour was put into the brain outline (recorded in the manifest).</summary>
/// <param name="Mode">"generated" (where the generator drew it), "random" (a random brain pixel) or "fixed".</param>
/// <param name="CentreX">Tumour centre after placement, in pixels of the brain generator's frame.</param>
public sealed record Placement(string Mode, double CentreX, double CentreY, double Scale, double RotationDegrees);

/// <summary>User control over placement: centre ("generated", "random" or "x,y" as fractions of the frame),
/// scale range, the largest rotation either way, and whether only the largest lesion of a drawn map is placed
/// (<see cref="LargestLesion"/>).</summary>
public sealed record PlacementOptions(string Centre, double ScaleMin, double ScaleMax, double MaxRotationDegrees, bool LargestLesionOnly = false)
{
    public static PlacementOptions Default { get; } = new("generated", 1, 1, 0);

    public (double X, double Y)? FixedCentre()
    {
        if (Centre is "generated" or "random") return null;
        var parts = Centre.Split(',');
        if (parts.Length == 2 && double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var x)
            && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var y) && x is >= 0 and <= 1 && y is >= 0 and <= 1)
            return (x, y);
        throw new FormatException($"--centre '{Centre}' must be generated, random, or x,y as fractions of the frame (0..1)");
    }
}

/// <summary>
/// Moves, scales and rotates a generated tumour (label channels of {0, 1} pixels) about its centroid, with
/// nearest-neighbour sampling so labels stay labels. Every random choice comes from the sample's own generator.
/// </summary>
public static class TumourPlacement
{
    public static (byte[] Labels, Placement Placement) Place(byte[] labels, int channels, int size, bool[]? brain, PlacementOptions options, SeededRandom random)
    {
        var scale = random.Uniform(options.ScaleMin, options.ScaleMax);
        var rotation = random.Uniform(-options.MaxRotationDegrees, options.MaxRotationDegrees);
        var (cx, cy) = Centroid(labels, channels, size);
        var (tx, ty, mode) = options.FixedCentre() is { } fixedCentre ? (fixedCentre.X * (size - 1), fixedCentre.Y * (size - 1), "fixed")
            : options.Centre == "random" ? RandomBrainPixel(brain, size, Radius(labels, channels, size, cx, cy) * scale, random)
            : (cx, cy, "generated");
        var placed = new byte[labels.Length];
        var (cos, sin) = (Math.Cos(rotation * Math.PI / 180), Math.Sin(rotation * Math.PI / 180));
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                // Inverse map: output pixel -> source pixel (rotate back, unscale, return to the source centroid).
                var (dx, dy) = ((x - tx) / scale, (y - ty) / scale);
                var sx = (int)Math.Round(cx + cos * dx + sin * dy);
                var sy = (int)Math.Round(cy - sin * dx + cos * dy);
                if (sx < 0 || sy < 0 || sx >= size || sy >= size) continue;
                for (var c = 0; c < channels; c++) placed[(c * size + y) * size + x] = labels[(c * size + sy) * size + sx];
            }
        return (placed, new Placement(mode, Math.Round(tx, 2), Math.Round(ty, 2), Math.Round(scale, 4), Math.Round(rotation, 2)));
    }

    /// <summary>Why a placed tumour is unusable, or null: empty, or less than 95 % of it inside the brain.</summary>
    public static string? Rejection(byte[] labels, int channels, int size, bool[]? brain)
    {
        var (inside, total) = (0, 0);
        for (var i = 0; i < size * size; i++)
        {
            if (!LabelPlanes.AnyAt(labels, channels, size * size, i)) continue;
            total++;
            if (brain is null || brain[i]) inside++;
        }
        if (total == 0) return "empty";
        return inside < 0.95 * total ? "outside brain" : null;
    }

    private static (double X, double Y) Centroid(byte[] labels, int channels, int size)
    {
        double sumX = 0, sumY = 0, count = 0;
        for (var i = 0; i < size * size; i++)
            if (LabelPlanes.AnyAt(labels, channels, size * size, i)) (sumX, sumY, count) = (sumX + i % size, sumY + i / size, count + 1);
        return count == 0 ? ((size - 1) / 2.0, (size - 1) / 2.0) : (sumX / count, sumY / count);
    }

    /// <summary>A random brain pixel, preferring those at least <paramref name="margin"/> pixels inside the outline
    /// so that the placed tumour fits (any brain pixel when none is that deep).</summary>
    private static (double X, double Y, string Mode) RandomBrainPixel(bool[]? brain, int size, double margin, SeededRandom random)
    {
        bool Brain(int x, int y) => x >= 0 && y >= 0 && x < size && y < size && (brain is null || brain[y * size + x]);
        bool Deep(int i) => Enumerable.Range(0, 16).All(k =>
            Brain((int)Math.Round(i % size + margin * Math.Cos(k * Math.PI / 8)), (int)Math.Round(i / size + margin * Math.Sin(k * Math.PI / 8))));
        var inside = Enumerable.Range(0, size * size).Where(i => Brain(i % size, i / size)).ToArray();
        var candidates = inside.Where(Deep).ToArray();
        if (candidates.Length == 0) candidates = inside;
        if (candidates.Length == 0) candidates = [size * size / 2];
        var pick = candidates[random.NextInt(0, candidates.Length)];
        return (pick % size, pick / size, "random");
    }

    /// <summary>Largest distance from the centroid to a tumour pixel.</summary>
    private static double Radius(byte[] labels, int channels, int size, double cx, double cy)
    {
        var radius = 0.0;
        for (var i = 0; i < size * size; i++)
            if (LabelPlanes.AnyAt(labels, channels, size * size, i)) radius = Math.Max(radius, Math.Sqrt(Math.Pow(i % size - cx, 2) + Math.Pow(i / size - cy, 2)));
        return radius;
    }
}
