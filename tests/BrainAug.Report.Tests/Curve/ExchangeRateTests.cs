using BrainAug.Report.Curve;

namespace BrainAug.Report.Tests.Curve;

public class ExchangeRateTests
{
    private static readonly int[] Cases = [35, 70, 140, 280];

    [Theory]
    [InlineData(0.5, 35)]
    [InlineData(0.8, 280)]
    [InlineData(0.6, 70)]
    [InlineData(0.65, 98.99494936611666)] // half-way between 70 and 140 in log(cases): sqrt(70 x 140)
    public void ReadsTheRealCurveBackwards_InLogCases(double dice, double expected) =>
        Assert.Equal(expected, ExchangeRate.RealEquivalent(Cases, [0.5, 0.6, 0.7, 0.8], dice), 9);

    [Fact]
    public void OutsideTheMeasuredCurve_IsBelowOrBeyond_NotExtrapolated()
    {
        Assert.Equal(double.NegativeInfinity, ExchangeRate.RealEquivalent(Cases, [0.5, 0.6, 0.7, 0.8], 0.45));
        Assert.Equal(double.PositiveInfinity, ExchangeRate.RealEquivalent(Cases, [0.5, 0.6, 0.7, 0.8], 0.85));
    }

    [Fact]
    public void ADip_IsFlattened_ByTheRunningMaximum()
    {
        // 0.65 at 140 cases is below 0.7 at 70: the curve reads [0.5, 0.7, 0.7, 0.8], so 0.7 is worth 70 cases (its first
        // reach) and 0.75 lies half-way from 140 to 280: sqrt(140 x 280).
        double[] dipped = [0.5, 0.7, 0.65, 0.8];
        Assert.Equal(70, ExchangeRate.RealEquivalent(Cases, dipped, 0.7), 9);
        Assert.Equal(Math.Sqrt(140 * 280.0), ExchangeRate.RealEquivalent(Cases, dipped, 0.75), 9);
    }

    [Fact]
    public void ACurveOfOnePoint_IsRefused() => Assert.Throws<ArgumentException>(() => ExchangeRate.RealEquivalent([35], [0.5], 0.5));
}
