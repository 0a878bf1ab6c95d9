using System.Globalization;
using BrainAug.TestSupport;

namespace BrainAug.Report.Tests.Support;

/// <summary>Runs a reference computation in Debian's Python (NumPy, SciPy, scikit-learn, scikit-image, installed
/// by scripts/test.sh). Matrices go in as text files; the script prints numbers separated by white space.</summary>
public static class PythonReference
{
    public static double[] Run(string script, params double[][][] matrices)
    {
        var folder = Directory.CreateTempSubdirectory("brainaug-py-").FullName;
        try
        {
            var paths = new string[matrices.Length];
            for (var i = 0; i < matrices.Length; i++)
            {
                paths[i] = Path.Combine(folder, $"m{i}.txt");
                File.WriteAllLines(paths[i], matrices[i].Select(row => string.Join(' ', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
            }
            var stdout = ReferencePython.Run(script, paths);
            return [.. stdout.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Seeded Gaussian blobs: <paramref name="perBlob"/> points around each of <paramref name="blobs"/> centres.</summary>
    public static float[][] Blobs(int blobs, int perBlob, int dimensions, double spread, ulong seed)
    {
        var random = BrainAug.Imaging.Common.SeededRandom.For(seed, 7);
        var centres = Enumerable.Range(0, blobs).Select(_ => Enumerable.Range(0, dimensions).Select(_ => random.NextGaussian() * 10).ToArray()).ToArray();
        return [.. Enumerable.Range(0, blobs * perBlob).Select(i => centres[i / perBlob].Select(c => (float)(c + random.NextGaussian() * spread)).ToArray())];
    }

    public static double[][] ToDouble(IEnumerable<float[]> rows) => [.. rows.Select(r => r.Select(v => (double)v).ToArray())];
}
