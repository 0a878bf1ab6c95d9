namespace BrainAug.Report.Curve;

/// <summary>
/// How many real training cases a Dice is worth on the real arm's learning curve: the curve is made non-decreasing
/// (a running maximum, since more real cases cannot be worth less; a dip is seed noise) and read backwards with
/// linear interpolation in log(cases) between the measured points, as learning curves are roughly straight in
/// log(cases). A Dice below the curve's first point is worth fewer cases than it measured (negative infinity), one
/// above its last more than it measured (positive infinity): the curve does not extrapolate.
/// </summary>
public static class ExchangeRate
{
    public static double RealEquivalent(IReadOnlyList<int> cases, IReadOnlyList<double> realDice, double dice)
    {
        if (cases.Count != realDice.Count || cases.Count < 2) throw new ArgumentException("a learning curve needs at least two points, one Dice per point");
        var curve = new double[realDice.Count];
        for (var i = 0; i < curve.Length; i++) curve[i] = i == 0 ? realDice[0] : Math.Max(curve[i - 1], realDice[i]);
        if (dice < curve[0]) return double.NegativeInfinity;
        if (dice > curve[^1]) return double.PositiveInfinity;
        if (dice == curve[0]) return cases[0];
        for (var i = 1; i < curve.Length; i++)
        {
            if (dice > curve[i]) continue;
            var t = (dice - curve[i - 1]) / (curve[i] - curve[i - 1]); // curve[i] > curve[i - 1] here: a flat stretch is passed over
            return Math.Exp(Math.Log(cases[i - 1]) + t * (Math.Log(cases[i]) - Math.Log(cases[i - 1])));
        }
        return cases[^1];
    }
}
