using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Phantom.Realistic;

/// <summary>
/// One case of the realistic phantom: deformed anatomy, one to three lesions placed by <see cref="LesionPrior"/>,
/// normal structures that mimic tumour (<see cref="Mimics"/>), and per-case acquisition: contrast (gamma),
/// signal-to-noise, bias-field strength and, for thick-slice acquisitions, through-plane blur. Every random number
/// comes from the case's own seeded stream or from position-keyed hashes, so the bytes do not depend on threads.
/// </summary>
internal sealed class RealisticCase : IPhantomCase
{
    private static readonly double[] BaseGain = [450, 700, 800, 1000]; // FLAIR, T1, T1ce, T2 scanner units
    /// <summary>Share of cases acquired with thick slices (2-D protocols of many BraTS contributing sites; approximate).</summary>
    private const double ThickSliceFraction = 0.35;

    private readonly AnatomyTemplate _anatomy;
    private readonly PhantomGrid _grid;
    private readonly CaseDeformation _deformation;
    private readonly Mimics _mimics;
    private readonly double[] _gain = new double[4];
    private readonly BiasField _biasField;
    private readonly ulong _noiseKey;

    public RealisticCase(AnatomyTemplate anatomy, PhantomGrid grid, ulong seed, int index)
    {
        (_anatomy, _grid) = (anatomy, grid);
        Id = $"PHANTOM_{index + 1:D3}";
        var random = SeededRandom.For(seed, (ulong)index);
        _deformation = new CaseDeformation(random);
        // Acquisition: contrast curve, noise 1-6 % of white matter (SNR about 15-100), bias of 5-25 % per unit distance.
        Gamma = random.Uniform(0.8, 1.25);
        NoiseLevel = random.Uniform(0.01, 0.06);
        BiasStrength = random.Uniform(0.05, 0.25);
        BlurSigmaMm = random.NextDouble() < ThickSliceFraction ? random.Uniform(1.0, 2.5) : 0;
        var bias = new double[4, 5];
        for (var m = 0; m < 4; m++)
        {
            _gain[m] = BaseGain[m] * random.Uniform(0.8, 1.25);
            for (var c = 0; c < 5; c++) bias[m, c] = BiasStrength * random.NextGaussian();
        }
        _biasField = new BiasField(bias);
        Lesions = PlaceLesions(random);
        _mimics = new Mimics(random, (x, y, z) => WhiteAt(x, y, z) > 0.8);
        _noiseKey = random.NextULong();
    }

    public string Id { get; }

    public IReadOnlyList<Lesion> Lesions { get; }

    public double Gamma { get; }

    public double NoiseLevel { get; }

    public double BiasStrength { get; }

    public double BlurSigmaMm { get; }

    public (float[][] Images, byte[] Labels) Synthesise()
    {
        var voxels = _grid.VoxelsPerSlice * _grid.Depth;
        var images = Enumerable.Range(0, 4).Select(_ => new float[voxels]).ToArray();
        var labels = new byte[voxels];
        Parallel.For(0, _grid.Depth, k => SynthesiseSlice(k, images, labels));
        if (BlurSigmaMm > 0)
            foreach (var image in images) ThroughPlaneBlur.Apply(image, _grid, BlurSigmaMm);
        return (images, labels);
    }

    public PhantomCaseRecord Record(byte[] labels)
    {
        var first = Lesions[0];
        return new PhantomCaseRecord(
            Id,
            [Math.Round(first.CentreX, 2), Math.Round(first.CentreY, 2), Math.Round(first.CentreZ, 2)],
            Math.Round(first.Radius, 2), Math.Round(first.CoreFraction, 3), Math.Round(first.EdemaReach, 3), Math.Round(first.MassEffect, 2),
            labels.LongCount(l => l == TumourLabels.NecroticCore), labels.LongCount(l => l == TumourLabels.Edema), labels.LongCount(l => l == TumourLabels.Enhancing))
        {
            Lesions = [.. Lesions.Select(l => new PhantomLesionRecord(l.Region, [Math.Round(l.CentreX, 2), Math.Round(l.CentreY, 2), Math.Round(l.CentreZ, 2)],
                Math.Round(l.CoreVolumeMl, 3), l.Pattern.ToString()))],
            Acquisition = new PhantomAcquisitionRecord(Math.Round(Gamma, 3), Math.Round(NoiseLevel, 4), Math.Round(BiasStrength, 3), Math.Round(BlurSigmaMm, 2)),
        };
    }

    private void SynthesiseSlice(int k, float[][] images, byte[] labels)
    {
        var z = _grid.WorldZ(k);
        for (var j = 0; j < _grid.Height; j++)
        {
            var y = _grid.WorldY(j);
            for (var i = 0; i < _grid.Width; i++)
            {
                var x = _grid.WorldX(i);
                double tx = x, ty = y, tz = z;
                foreach (var focus in Lesions) focus.Undisplace(ref tx, ref ty, ref tz);
                _deformation.Apply(tx, ty, tz, out var qx, out var qy, out var qz);
                var t1 = _anatomy.Sample(qx, qy, qz);
                if (!_anatomy.IsBrain(t1)) continue;

                var index = i + _grid.Width * (j + _grid.Height * k);
                var (csf, grey, white) = _anatomy.Fractions(t1);
                var (label, solid, lesion) = LabelAt(x, y, z, white, csf);
                labels[index] = label;
                var enhancement = label == TumourLabels.Background ? _mimics.Enhancement(qx, qy, qz, csf) : 0;
                var spot = label == TumourLabels.Background ? _mimics.SpotWeight(qx, qy, qz) : 0;
                var texture = lesion?.Texture(x, y, z) ?? 0;
                for (var m = 0; m < 4; m++)
                {
                    var relative = RealisticContrast.Tissue(m, csf, grey, white);
                    if (lesion is not null)
                        relative = RealisticContrast.Lesion(m, relative, label, solid, lesion.EnhancementStrength, texture);
                    else if (spot > 0) relative = RealisticContrast.Spot(m, relative, spot);
                    if (m == 2 && enhancement > 0) relative = Math.Max(relative, enhancement);
                    var noise = NoiseLevel * SeededRandom.HashNearGaussian(_noiseKey + (ulong)m, (ulong)index);
                    var signal = Math.Pow(Math.Max(relative, 0), Gamma) * _biasField.At(m, x, y, z) + noise;
                    images[m][index] = (float)Math.Clamp(signal * _gain[m], 1, short.MaxValue);
                }
            }
        }
    }

    /// <summary>The label of the voxel over all lesions (enhancing, then core, then edema, as BraTS ranks them).</summary>
    private (byte Label, bool Solid, Lesion? Lesion) LabelAt(double x, double y, double z, double white, double csf)
    {
        (byte Label, bool Solid, Lesion? Lesion) best = (TumourLabels.Background, false, null);
        foreach (var lesion in Lesions)
        {
            var (label, solid) = lesion.LabelAt(x, y, z, white, csf);
            if (Rank(label) > Rank(best.Label)) best = (label, solid, lesion);
        }
        return best;
    }

    private static int Rank(byte label) => label switch
    {
        TumourLabels.Enhancing => 3,
        TumourLabels.NecroticCore => 2,
        TumourLabels.Edema => 1,
        _ => 0,
    };


    private double WhiteAt(double x, double y, double z)
    {
        _deformation.Apply(x, y, z, out var qx, out var qy, out var qz);
        var t1 = _anatomy.Sample(qx, qy, qz);
        return _anatomy.IsBrain(t1) ? _anatomy.Fractions(t1).White : 0;
    }

    private double CsfAt(double x, double y, double z)
    {
        _deformation.Apply(x, y, z, out var qx, out var qy, out var qz);
        var t1 = _anatomy.Sample(qx, qy, qz);
        return _anatomy.IsBrain(t1) ? _anatomy.Fractions(t1).Csf : 1;
    }

    /// <summary>One to three foci. Each: a region from the location prior, either hemisphere, a centre inside the
    /// slab, its core's central cross-section inside brain tissue, and (for further foci) apart from earlier ones.</summary>
    private List<Lesion> PlaceLesions(SeededRandom random)
    {
        var count = LesionPrior.DrawLesionCount(random);
        var enhancing = random.NextDouble() >= LesionPrior.NonEnhancingFraction;
        var lesions = new List<Lesion>();
        var (zLow, zHigh) = (_grid.WorldZ(0) + 2, _grid.WorldZ(_grid.Depth - 1) - 2);
        for (var n = 0; n < count; n++)
        {
            var region = LesionPrior.DrawRegion(random);
            var volume = LesionPrior.DrawCoreVolume(random);
            var pattern = enhancing ? LesionPrior.DrawEnhancingPattern(random) : EnhancementPattern.None;
            var radius = Lesion.RadiusOf(volume);
            (double X, double Y, double Z, double Fit) best = (0, 0, 0, -1);
            for (var attempt = 0; attempt < 300 && best.Fit < 1; attempt++)
            {
                var side = random.NextDouble() < 0.5 ? -1 : 1;
                double x = side * random.Uniform(region.MinAbsX, region.MaxAbsX), y = random.Uniform(region.MinY, region.MaxY);
                var z = zHigh > zLow ? random.Uniform(zLow, zHigh) : _grid.WorldZ(_grid.Depth / 2);
                var fit = Fit(x, y, z, radius, lesions);
                if (fit > best.Fit) best = (x, y, z, fit);
            }
            lesions.Add(new Lesion(random, region.Name, best.X, best.Y, best.Z, volume, pattern));
        }
        return lesions;
    }

    /// <summary>Share of 16 points on the core's central circle (radius + 20 %) and its centre that are brain tissue
    /// other than CSF; 0 when the focus would touch an earlier one's edema.</summary>
    private double Fit(double x, double y, double z, double radius, List<Lesion> earlier)
    {
        foreach (var other in earlier)
        {
            double dx = x - other.CentreX, dy = y - other.CentreY, dz = z - other.CentreZ;
            if (Math.Sqrt(dx * dx + dy * dy + dz * dz) < 1.1 * (other.EdemaReach * other.Radius + LesionPrior.EdemaReachMax * radius)) return 0;
        }
        var inside = CsfAt(x, y, z) < 0.9 ? 1 : 0;
        for (var p = 0; p < 16; p++)
        {
            var angle = p * Math.PI / 8;
            inside += CsfAt(x + 1.2 * radius * Math.Cos(angle), y + 1.2 * radius * Math.Sin(angle), z) < 0.9 ? 1 : 0;
        }
        return inside / 17.0;
    }
}
