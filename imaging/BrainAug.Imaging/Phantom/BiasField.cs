namespace BrainAug.Imaging.Phantom;

/// <summary>Smooth multiplicative field per modality, as coil sensitivity gives real scans: exp of a low-order
/// polynomial in the head's coordinates, five coefficients per modality.</summary>
internal sealed class BiasField(double[,] coefficients)
{
    public double At(int m, double x, double y, double z)
    {
        double u = x / 80, v = (y + 16) / 90, w = (z - 8) / 70;
        return Math.Exp(coefficients[m, 0] * u + coefficients[m, 1] * v + coefficients[m, 2] * w + coefficients[m, 3] * u * v + coefficients[m, 4] * w * w);
    }
}
