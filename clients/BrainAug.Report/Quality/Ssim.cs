namespace BrainAug.Report.Quality;

/// <summary>
/// Structural similarity (Wang et al. 2004) of two single-channel images with values in [0, 1]: an 11x11 Gaussian
/// window (sigma 1.5), K1 = 0.01, K2 = 0.03, averaged over the window positions that lie inside the image (as
/// scikit-image's structural_similarity with gaussian_weights=True and data_range=1).
/// </summary>
public static class Ssim
{
    private const int Radius = 5;
    private const double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;
    private static readonly double[] Window = GaussianWindow();

    public static double Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int size)
    {
        if (a.Length != size * size || b.Length != size * size) throw new ArgumentException("images must be size x size");
        if (size <= 2 * Radius) throw new ArgumentException($"SSIM needs images larger than {2 * Radius + 1} pixels");
        var x = ToDouble(a);
        var y = ToDouble(b);
        var meanX = Filter(x, size);
        var meanY = Filter(y, size);
        var xx = Filter(Product(x, x), size);
        var yy = Filter(Product(y, y), size);
        var xy = Filter(Product(x, y), size);
        double total = 0;
        for (var i = 0; i < meanX.Length; i++)
        {
            var mx = meanX[i];
            var my = meanY[i];
            var vx = xx[i] - mx * mx;
            var vy = yy[i] - my * my;
            var cov = xy[i] - mx * my;
            total += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
        }
        return total / meanX.Length;
    }

    // Separable Gaussian filtering over the valid positions only: (size - 10)^2 outputs.
    private static double[] Filter(double[] image, int size)
    {
        var inner = size - 2 * Radius;
        var rows = new double[size * inner];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < inner; x++)
            {
                double sum = 0;
                for (var k = 0; k < Window.Length; k++) sum += Window[k] * image[y * size + x + k];
                rows[y * inner + x] = sum;
            }
        var result = new double[inner * inner];
        for (var y = 0; y < inner; y++)
            for (var x = 0; x < inner; x++)
            {
                double sum = 0;
                for (var k = 0; k < Window.Length; k++) sum += Window[k] * rows[(y + k) * inner + x];
                result[y * inner + x] = sum;
            }
        return result;
    }

    private static double[] GaussianWindow()
    {
        var w = Enumerable.Range(-Radius, 2 * Radius + 1).Select(i => Math.Exp(-i * i / (2 * 1.5 * 1.5))).ToArray();
        var sum = w.Sum();
        return w.Select(v => v / sum).ToArray();
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    private static double[] Product(double[] a, double[] b) => a.Select((v, i) => v * b[i]).ToArray();
}
