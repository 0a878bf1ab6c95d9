namespace BrainAug.Report.Quality;

/// <summary>Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations: slow for large
/// matrices (O(n^3) per sweep) but simple and accurate, which is what the Frechet distance needs for feature
/// covariances of a few hundred dimensions.</summary>
public static class SymmetricEigen
{
    /// <summary>Returns the eigenvalues and the eigenvectors as columns of an n x n row-major array.</summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n)
    {
        if (matrix.Length != n * n) throw new ArgumentException("matrix is not n x n", nameof(matrix));
        var a = (double[])matrix.Clone();
        var v = new double[n * n];
        for (var i = 0; i < n; i++) v[i * n + i] = 1;
        for (var sweep = 0; sweep < 100 && OffDiagonal(a, n) > 1e-22 * Math.Max(1, Diagonal(a, n)); sweep++)
            for (var p = 0; p < n - 1; p++)
                for (var q = p + 1; q < n; q++)
                    Rotate(a, v, n, p, q);
        return (Enumerable.Range(0, n).Select(i => a[i * n + i]).ToArray(), v);
    }

    /// <summary>The symmetric square root V diag(sqrt(max(l, 0))) V^T.</summary>
    public static double[] Sqrt(double[] matrix, int n)
    {
        var (values, vectors) = Decompose(matrix, n);
        var root = new double[n * n];
        for (var k = 0; k < n; k++)
        {
            var s = Math.Sqrt(Math.Max(values[k], 0));
            if (s == 0) continue;
            for (var i = 0; i < n; i++)
            {
                var vik = vectors[i * n + k] * s;
                for (var j = 0; j < n; j++) root[i * n + j] += vik * vectors[j * n + k];
            }
        }
        return root;
    }

    // One Jacobi rotation zeroing a[p, q]; the rotation angle is chosen in the numerically stable way.
    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        var apq = a[p * n + q];
        if (Math.Abs(apq) < 1e-300) return;
        var theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        var c = 1 / Math.Sqrt(t * t + 1);
        var s = t * c;
        for (var k = 0; k < n; k++)
        {
            var akp = a[k * n + p];
            var akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (var k = 0; k < n; k++)
        {
            var apk = a[p * n + k];
            var aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        for (var k = 0; k < n; k++)
        {
            var vkp = v[k * n + p];
            var vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }

    private static double OffDiagonal(double[] a, int n)
    {
        double sum = 0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                if (i != j) sum += a[i * n + j] * a[i * n + j];
        return sum;
    }

    private static double Diagonal(double[] a, int n)
    {
        double sum = 0;
        for (var i = 0; i < n; i++) sum += a[i * n + i] * a[i * n + i];
        return sum;
    }
}
