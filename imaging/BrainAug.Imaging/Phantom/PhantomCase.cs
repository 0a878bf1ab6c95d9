using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Datasets;

namespace BrainAug.Imaging.Phantom;

/// <summary>
/// Synthesises one phantom case in memory: deformed anatomy, the four contrasts with bias field and noise,
/// and the tumour labels (internal convention). Every random number comes from the case's own seeded
/// stream or from position-keyed hashes, so the result does not depend on thread scheduling.
/// </summary>
internal sealed class PhantomCase : IPhantomCase
{
    private const double NoiseLevel = 0.025;
    private static readonly double[] BaseGain = [450, 700, 800, 1000]; // FLAIR, T1, T1ce, T2 scanner units

    private readonly AnatomyTemplate _anatomy;
    private readonly PhantomGrid _grid;
    private readonly CaseDeformation _deformation;
    private readonly ValueNoise _texture;
    private readonly double[] _gain = new double[4];
    private readonly BiasField _biasField;
    private readonly ulong _noiseKey;

    public PhantomCase(AnatomyTemplate anatomy, PhantomGrid grid, ulong seed, int index)
    {
        (_anatomy, _grid) = (anatomy, grid);
        Id = $"PHANTOM_{index + 1:D3}"; // PhantomGenerator recognises its output by this prefix
        var random = SeededRandom.For(seed, (ulong)index);
        _deformation = new CaseDeformation(random);
        Tumour = PlaceTumour(random);
        _texture = new ValueNoise(random.NextULong(), spacing: 2.5);
        var bias = new double[4, 5];
        for (var m = 0; m < 4; m++)
        {
            _gain[m] = BaseGain[m] * random.Uniform(0.8, 1.25);
            for (var c = 0; c < 5; c++) bias[m, c] = 0.12 * random.NextGaussian();
        }
        _biasField = new BiasField(bias);
        _noiseKey = random.NextULong();
    }

    public string Id { get; }

    public TumourModel Tumour { get; }

    public PhantomCaseRecord Record(byte[] labels) => new(
        Id,
        [Math.Round(Tumour.CentreX, 2), Math.Round(Tumour.CentreY, 2), Math.Round(Tumour.CentreZ, 2)],
        Math.Round(Tumour.Radius, 2),
        Math.Round(Tumour.CoreFraction, 3),
        Math.Round(Tumour.EdemaReach, 3),
        Math.Round(Tumour.MassEffect, 2),
        labels.LongCount(l => l == TumourLabels.NecroticCore),
        labels.LongCount(l => l == TumourLabels.Edema),
        labels.LongCount(l => l == TumourLabels.Enhancing));

    /// <summary>Images in <see cref="Modalities.All"/> order (scanner units, 0 outside the brain) and labels.</summary>
    public (float[][] Images, byte[] Labels) Synthesise()
    {
        var voxels = _grid.VoxelsPerSlice * _grid.Depth;
        var images = Enumerable.Range(0, 4).Select(_ => new float[voxels]).ToArray();
        var labels = new byte[voxels];
        Parallel.For(0, _grid.Depth, k => SynthesiseSlice(k, images, labels));
        return (images, labels);
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
                Tumour.Undisplace(ref tx, ref ty, ref tz);
                _deformation.Apply(tx, ty, tz, out var qx, out var qy, out var qz);
                var t1 = _anatomy.Sample(qx, qy, qz);
                if (!_anatomy.IsBrain(t1)) continue;

                var index = i + _grid.Width * (j + _grid.Height * k);
                var (csf, grey, white) = _anatomy.Fractions(t1);
                var label = Tumour.LabelAt(x, y, z, white, csf);
                var texture = label == TumourLabels.Background ? 0 : _texture.At(x, y, z);
                labels[index] = label;
                for (var m = 0; m < 4; m++)
                {
                    var relative = ContrastModel.Relative((Modality)m, csf, grey, white, label, texture);
                    var noise = NoiseLevel * SeededRandom.HashNearGaussian(_noiseKey + (ulong)m, (ulong)index);
                    images[m][index] = (float)Math.Clamp((relative * _biasField.At(m, x, y, z) + noise) * _gain[m], 1, short.MaxValue);
                }
            }
        }
    }

    /// <summary>Glioblastomas sit in hemispheric white matter: draw centres until one lands in white matter.</summary>
    private TumourModel PlaceTumour(SeededRandom random)
    {
        (double X, double Y, double Z, double White) best = (0, 0, 0, -1);
        for (var attempt = 0; attempt < 400 && best.White < 0.8; attempt++)
        {
            var side = random.NextDouble() < 0.5 ? -1 : 1;
            double x = side * random.Uniform(18, 48), y = random.Uniform(-60, 35), z = random.Uniform(-2, 22);
            _deformation.Apply(x, y, z, out var qx, out var qy, out var qz);
            var white = _anatomy.Fractions(_anatomy.Sample(qx, qy, qz)).White;
            if (white > best.White) best = (x, y, z, white);
        }
        return new TumourModel(random, best.X, best.Y, best.Z);
    }
}
