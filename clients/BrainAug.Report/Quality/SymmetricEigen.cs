using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace BrainAug.Report.Quality;

/// <summary>Eigenvalues and eigenvectors of a symmetric matrix (MathNet.Numerics' symmetric EVD), in the row-major
/// arrays the Frechet distance and the PCA work with.</summary>
public static class SymmetricEigen
{
    /// <summary>Returns the eigenvalues (ascending) and the eigenvectors as columns of an n x n row-major array.</summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n)
    {
        if (matrix.Length != n * n) throw new ArgumentException("matrix is not n x n", nameof(matrix));
        var evd = Matrix<double>.Build.DenseOfRowMajor(n, n, matrix).Evd(Symmetricity.Symmetric);
        return ([.. evd.EigenValues.Select(v => v.Real)], evd.EigenVectors.ToRowMajorArray());
    }

    /// <summary>The symmetric square root V diag(sqrt(max(l, 0))) V^T.</summary>
    public static double[] Sqrt(double[] matrix, int n)
    {
        var (values, vectors) = Decompose(matrix, n);
        var v = Matrix<double>.Build.DenseOfRowMajor(n, n, vectors);
        var roots = Matrix<double>.Build.DiagonalOfDiagonalArray([.. values.Select(l => Math.Sqrt(Math.Max(l, 0)))]);
        return (v * roots * v.Transpose()).ToRowMajorArray();
    }
}
