using BrainAug.Imaging.Nifti;
using BrainAug.Imaging.Phantom.Realistic;

namespace BrainAug.Imaging.Tests.Phantom;

/// <summary>What the realism tests measure of one written case: its tumour foci (connected components of the
/// tumour core, labels 1 and 4: edema may split around CSF, a core does not), enhancing voxels, the core's largest axial cross-section, T1ce mimics and in-plane noise.</summary>
public sealed record CaseMeasures(
    IReadOnlyList<(double X, double Y)> Foci, int EnhancingVoxels, int LargestCoreArea, int BackgroundBrighterThanMedianEnhancing, double BackgroundNoise)
{
    private const int MinFocusVoxels = 30;

    public static CaseMeasures Read(string root, string id)
    {
        var seg = NiftiReader.Read(Path.Combine(root, id, $"{id}_seg.nii.gz"));
        var t1ce = NiftiReader.Read(Path.Combine(root, id, $"{id}_t1ce.nii.gz")).Data;
        var t1 = NiftiReader.Read(Path.Combine(root, id, $"{id}_t1.nii.gz")).Data;
        var (nx, ny, nz) = (seg.Shape[0], seg.Shape[1], seg.Shape[2]);
        var labels = seg.Data;

        var enhancing = labels.Select((l, i) => (l, i)).Where(p => p.l == 4).Select(p => t1ce[p.i]).Order().ToList();
        var brighter = enhancing.Count == 0 ? 0 : labels.Where((l, i) => l == 0 && t1ce[i] > enhancing[enhancing.Count / 2]).Count();
        var largestCore = Enumerable.Range(0, nz).Max(k => Enumerable.Range(k * nx * ny, nx * ny).Count(i => labels[i] is 1 or 4));
        return new CaseMeasures(FindFoci(labels, nx, ny, nz, seg.Affine), enhancing.Count, largestCore, brighter, Noise(t1, nx, ny, nz));
    }

    /// <summary>The region box (<see cref="LesionPrior.Regions"/>) holding a world point, or the nearest one.</summary>
    public static string Region(double x, double y)
    {
        double Distance(BrainRegion r) =>
            Math.Max(0, Math.Max(r.MinAbsX - Math.Abs(x), Math.Abs(x) - r.MaxAbsX)) + Math.Max(0, Math.Max(r.MinY - y, y - r.MaxY));
        return LesionPrior.Regions.MinBy(Distance)!.Name;
    }

    /// <summary>Centroids (world x, y) of the 6-connected components of tumour core (labels 1, 4) with at least 30 voxels.</summary>
    private static List<(double X, double Y)> FindFoci(float[] labels, int nx, int ny, int nz, double[,] affine)
    {
        var seen = new bool[labels.Length];
        var foci = new List<(double, double)>();
        var stack = new Stack<int>();
        for (var start = 0; start < labels.Length; start++)
        {
            if (!IsCore(labels[start]) || seen[start]) continue;
            (double si, double sj, int count) = (0, 0, 0);
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var v = stack.Pop();
                int i = v % nx, j = v / nx % ny, k = v / (nx * ny);
                (si, sj, count) = (si + i, sj + j, count + 1);
                foreach (var (di, dj, dk) in new[] { (1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1) })
                {
                    int a = i + di, b = j + dj, c = k + dk;
                    if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
                    var w = a + nx * (b + ny * c);
                    if (!IsCore(labels[w]) || seen[w]) continue;
                    seen[w] = true;
                    stack.Push(w);
                }
            }
            if (count < MinFocusVoxels) continue;
            double ci = si / count, cj = sj / count;
            foci.Add((affine[0, 0] * ci + affine[0, 1] * cj + affine[0, 3], affine[1, 0] * ci + affine[1, 1] * cj + affine[1, 3]));
        }
        return foci;
    }

    private static bool IsCore(float label) => label is 1 or 4;

    /// <summary>Median absolute difference of in-plane neighbours over the brain, relative to the median signal.</summary>
    private static double Noise(float[] image, int nx, int ny, int nz)
    {
        var differences = new List<double>();
        var values = new List<double>();
        for (var v = 0; v + 1 < image.Length; v++)
        {
            if (image[v] == 0 || image[v + 1] == 0 || (v + 1) % nx == 0) continue;
            differences.Add(Math.Abs(image[v + 1] - image[v]));
            values.Add(image[v]);
        }
        differences.Sort();
        values.Sort();
        return differences[differences.Count / 2] / values[values.Count / 2];
    }
}
