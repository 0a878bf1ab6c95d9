using BrainAug.Imaging.Common;

namespace BrainAug.Imaging.Phantom.Realistic;

/// <summary>Where a lesion may sit: a named region of one hemisphere, as an axis-aligned box in template (MNI) mm.</summary>
public sealed record BrainRegion(string Name, double Probability, double MinAbsX, double MaxAbsX, double MinY, double MaxY);

/// <summary>How a lesion enhances on T1ce.</summary>
public enum EnhancementPattern
{
    /// <summary>A closed enhancing rim around necrosis (the classic glioblastoma look).</summary>
    CompleteRing,
    /// <summary>A rim with gaps, the gaps non-enhancing tumour.</summary>
    OpenRing,
    /// <summary>A thick rim of irregular inner border around a small necrosis.</summary>
    ThickIrregular,
    /// <summary>Solid tumour with one or more enhancing nodules and no necrosis.</summary>
    Nodular,
    /// <summary>No enhancing tumour at all: non-enhancing core and edema only (lower-grade-like).</summary>
    None,
}

/// <summary>
/// The realistic phantom's population: every number a patient population suggests, with its source. Numbers
/// marked "approximate" are rounded from the cited summary rather than fitted to patient data.
/// </summary>
public static class LesionPrior
{
    /// <summary>
    /// Glioma location by lobe: Larjavaara et al., "Incidence of gliomas by anatomic location", Neuro-Oncology
    /// 9(3):319-325, 2007 (frontal 40 %, temporal 29 %, parietal 14 %, occipital 3 %, the rest overlapping or deep);
    /// the rest is given here to the deep grey matter and periventricular region. Boxes are the regions as they
    /// appear at the slab's level (z about -10..25 mm, MNI): the parietal box is the posterior temporo-parietal
    /// region, the part of the parietal lobe that reaches down to this level. Either hemisphere with probability 1/2.
    /// </summary>
    public static readonly BrainRegion[] Regions =
    [
        new("frontal", 0.40, 5, 55, 8, 65),
        new("temporal", 0.29, 38, 65, -55, 5),
        new("parietal", 0.14, 25, 55, -75, -40),
        new("occipital", 0.03, 5, 40, -100, -75),
        new("deep", 0.14, 8, 30, -30, 8),
    ];

    /// <summary>Multifocal glioblastoma (two or more separate foci): about 10-20 % of cases in imaging series
    /// (Patil et al., "Prognosis of multifocal glioblastoma", J Neurooncol 2012, and the series it reviews); 15 %.</summary>
    public const double MultifocalFraction = 0.15;

    /// <summary>Of multifocal cases, the share with three foci rather than two (approximate).</summary>
    public const double ThreeFociFraction = 0.3;

    /// <summary>
    /// No enhancing tumour: BraTS 2018-2020 training sets hold lower-grade gliomas (75 of 285 cases in 2018), many of
    /// which do not enhance, and some high-grade cases have an empty enhancing label; 15 % (approximate).
    /// </summary>
    public const double NonEnhancingFraction = 0.15;

    /// <summary>Patterns among enhancing lesions (approximate, after the VASARI feature descriptions of enhancement
    /// margin and necrosis in TCGA glioblastoma): complete ring 45 %, open ring 20 %, thick irregular 20 %, nodular 15 %.</summary>
    public static readonly (EnhancementPattern Pattern, double Probability)[] EnhancingPatterns =
    [
        (EnhancementPattern.CompleteRing, 0.45), (EnhancementPattern.OpenRing, 0.20),
        (EnhancementPattern.ThickIrregular, 0.20), (EnhancementPattern.Nodular, 0.15),
    ];

    /// <summary>
    /// Tumour-core volume (enhancing + necrotic/non-enhancing), ml: log-normal, median 20 ml, log-SD 0.9, kept within
    /// 0.5..110 ml. Approximates the BraTS 2018 training set, whose tumour cores range from under 1 ml to over 100 ml
    /// with most between about 5 and 60 ml; small lesions are included on purpose. Defined as the volume of the sphere
    /// whose great circle equals the core's cross-section at its centre, so that it can be read off one axial slice.
    /// </summary>
    public const double CoreVolumeMedianMl = 20, CoreVolumeLogSd = 0.9, CoreVolumeMinMl = 0.5, CoreVolumeMaxMl = 110;

    /// <summary>Edema reach beyond the core, in core radii (white matter; less in grey matter): whole-tumour volumes
    /// of BraTS are typically 2-5 times the core's (approximate), which a reach of 1.3-2.4 radii gives.</summary>
    public const double EdemaReachMin = 1.3, EdemaReachMax = 2.4;

    /// <summary>Small non-tumour FLAIR/T2 hyperintensities (white-matter lesions of small-vessel disease, common in
    /// the glioma age group): 0-6 per case, 1.5-4 mm radius (approximate).</summary>
    public const int MaxWhiteMatterSpots = 6;

    /// <summary>The tumour-core volume of one lesion, ml.</summary>
    public static double DrawCoreVolume(SeededRandom random)
    {
        double volume;
        do volume = CoreVolumeMedianMl * Math.Exp(CoreVolumeLogSd * random.NextGaussian());
        while (volume is < CoreVolumeMinMl or > CoreVolumeMaxMl);
        return volume;
    }

    /// <summary>The cumulative probability of <see cref="DrawCoreVolume"/> (the truncated log-normal), for tests.</summary>
    public static double CoreVolumeCdf(double volumeMl)
    {
        static double Normal(double v) => Phi(Math.Log(v / CoreVolumeMedianMl) / CoreVolumeLogSd);
        var (low, high) = (Normal(CoreVolumeMinMl), Normal(CoreVolumeMaxMl));
        return Math.Clamp((Normal(volumeMl) - low) / (high - low), 0, 1);
    }

    public static BrainRegion DrawRegion(SeededRandom random) => Pick(random, Regions.Select(r => (r, r.Probability)));

    /// <summary>The pattern of one lesion of a case that enhances (whether a case enhances is drawn once per case,
    /// with <see cref="NonEnhancingFraction"/>).</summary>
    public static EnhancementPattern DrawEnhancingPattern(SeededRandom random) => Pick(random, EnhancingPatterns);

    public static int DrawLesionCount(SeededRandom random) =>
        random.NextDouble() >= MultifocalFraction ? 1 : random.NextDouble() < ThreeFociFraction ? 3 : 2;

    private static T Pick<T>(SeededRandom random, IEnumerable<(T Item, double Probability)> choices)
    {
        var list = choices.ToList();
        var u = random.NextDouble() * list.Sum(c => c.Probability);
        foreach (var (item, probability) in list)
        {
            if (u < probability) return item;
            u -= probability;
        }
        return list[^1].Item;
    }

    /// <summary>Standard normal CDF (Abramowitz-Stegun 7.1.26 through erf; error below 1.5e-7).</summary>
    private static double Phi(double x)
    {
        var t = 1 / (1 + 0.3275911 * Math.Abs(x) / Math.Sqrt(2));
        var erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-x * x / 2);
        return 0.5 * (1 + Math.Sign(x) * erf);
    }
}
