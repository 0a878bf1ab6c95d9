using System.Globalization;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Evaluation;
using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Training;
using BrainAug.Report.Experiment;

namespace BrainAug.Report.Tests.Experiment;

public class ResultsTableTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("brainaug-results-").FullName;

    public void Dispose() => Directory.Delete(_run, recursive: true);

    [Fact]
    public void TStudentQuantiles_AreSciPys()
    {
        // scipy.stats.t.ppf(0.975, degrees) (Debian's python3-scipy 1.10); MathNet's inverse CDF agrees to about 1e-9.
        Assert.Equal(12.706204736432095, PairedDifference.TQuantile975(1), 7);
        Assert.Equal(4.302652729911275, PairedDifference.TQuantile975(2), 7);
        Assert.Equal(2.5705818366147395, PairedDifference.TQuantile975(5), 7);
        Assert.Equal(2.0210753829953374, PairedDifference.TQuantile975(40), 7);
        Assert.Equal(1.9839715184496334, PairedDifference.TQuantile975(100), 7);
        Assert.Equal(1.9623390808264074, PairedDifference.TQuantile975(1000), 7);
    }

    [Theory]
    [InlineData(-0.0002, "+0.000")] // a negative value that rounds to zero once printed "-+0.000"
    [InlineData(-0.0, "+0.000")]
    [InlineData(0.0004, "+0.000")]
    [InlineData(0.0006, "+0.001")]
    [InlineData(-0.0486, "-0.049")]
    [InlineData(0.071, "+0.071")]
    public void Signed_ThreePlacesWithOneSign(double value, string expected) =>
        Assert.Equal(expected, BrainAug.Report.Writing.TableText.Signed(value));

    [Fact]
    public void PairedDifference_ByHand()
    {
        // Differences 1, 2, 3: mean 2, sample sd 1, t(2) = 4.302652729911275 (scipy.stats.t.ppf(0.975, 2)),
        // half width t(2) / sqrt(3).
        const double t2 = 4.302652729911275;
        var d = PairedDifference.Of([1, 2, 3], "test")!;
        Assert.Equal(2, d.Mean, 12);
        Assert.Equal(2 - t2 / Math.Sqrt(3), d.Low, 7);
        Assert.Equal(2 + t2 / Math.Sqrt(3), d.High, 7);
        Assert.Null(PairedDifference.Of([0.5], "test"));
    }

    [Fact]
    public void Bootstrap_ConstantDifference_ZeroWidth()
    {
        var d = BootstrapDifference.Of(new double[,] { { 0.05, 0.05, 0.05 }, { 0.05, 0.05, 0.05 } }, seed: 1);

        Assert.Equal((0.05, 0.05, 0.05), (Math.Round(d.Mean, 12), Math.Round(d.Low, 12), Math.Round(d.High, 12)));
    }

    [Fact]
    public void Bootstrap_OneSeed_MatchesTheNormalIntervalOverCases()
    {
        // 200 cases of known spread: the percentile interval of a mean is close to 1.96 sd / sqrt(n).
        var random = new BrainAug.Imaging.Common.SeededRandom(5);
        var differences = new double[1, 200];
        for (var c = 0; c < 200; c++) differences[0, c] = 0.02 + 0.1 * random.NextGaussian();
        var values = Enumerable.Range(0, 200).Select(c => differences[0, c]).ToList();
        var sd = Math.Sqrt(values.Sum(v => Math.Pow(v - values.Average(), 2)) / 199);

        var d = BootstrapDifference.Of(differences, seed: 1);

        Assert.InRange(d.HalfWidth / (1.96 * sd / Math.Sqrt(200)), 0.9, 1.1);
        Assert.Equal(values.Average(), d.Mean, 12);
    }

    [Fact]
    public void Bootstrap_SeedToSeedSpreadWidensTheInterval_AndTheSeedReproducesIt()
    {
        var random = new BrainAug.Imaging.Common.SeededRandom(9);
        var cases = Enumerable.Range(0, 60).Select(_ => 0.1 * random.NextGaussian()).ToArray();
        double[] offsets = [-0.04, 0.0, 0.05, -0.02, 0.03];
        var same = new double[5, 60];
        var spread = new double[5, 60];
        for (var s = 0; s < 5; s++)
            for (var c = 0; c < 60; c++) (same[s, c], spread[s, c]) = (cases[c], cases[c] + offsets[s]);

        var narrow = BootstrapDifference.Of(same, seed: 3);
        var wide = BootstrapDifference.Of(spread, seed: 3);

        Assert.True(wide.HalfWidth > 1.3 * narrow.HalfWidth, $"{wide.HalfWidth:F4} vs {narrow.HalfWidth:F4}");
        Assert.Equal(wide, BootstrapDifference.Of(spread, seed: 3));
    }

    [Fact]
    public void BootstrapOverFolds_ConstantDifference_ZeroWidth_AndThePooledMeanWeighsEveryCell()
    {
        double[][,] same = [new double[,] { { 0.05, 0.05 } }, new double[,] { { 0.05, 0.05, 0.05 } }];
        double[][,] unequal = [new double[,] { { 0.0, 0.0 } }, new double[,] { { 0.3, 0.3, 0.3, 0.3 } }];

        var d = BootstrapDifference.OverFolds(same, seed: 1);

        Assert.Equal((0.05, 0.05, 0.05), (Math.Round(d.Mean, 12), Math.Round(d.Low, 12), Math.Round(d.High, 12)));
        Assert.Equal(5, d.Cases);
        Assert.Equal(0.2, BootstrapDifference.OverFolds(unequal, seed: 1).Mean, 12); // (0 x 2 + 0.3 x 4) / 6
    }

    [Fact]
    public void BootstrapOverFolds_FoldToFoldSpreadWidensTheInterval_AndTheSeedReproducesIt()
    {
        // Three folds of 100 cases with the same case-to-case spread: once with equal fold means, once with the means
        // 0.04 apart (trainings on different cases that disagree). Only the fold-level draw can see the second.
        var random = new BrainAug.Imaging.Common.SeededRandom(11);
        double[] offsets = [-0.04, 0.0, 0.04];
        var cases = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 100).Select(_ => 0.1 * random.NextGaussian()).ToArray()).ToArray();
        var same = Enumerable.Range(0, 3).Select(f => Row(cases[f])).ToArray();
        var apart = Enumerable.Range(0, 3).Select(f => Row([.. cases[f].Select(v => v + offsets[f])])).ToArray();

        var narrow = BootstrapDifference.OverFolds(same, seed: 4);
        var wide = BootstrapDifference.OverFolds(apart, seed: 4);

        Assert.True(wide.HalfWidth > 1.5 * narrow.HalfWidth, $"{wide.HalfWidth:F4} vs {narrow.HalfWidth:F4}");
        Assert.Equal(wide, BootstrapDifference.OverFolds(apart, seed: 4));
        Assert.Throws<ArgumentException>(() => BootstrapDifference.OverFolds([same[0]], seed: 4));
    }

    private static double[,] Row(double[] values)
    {
        var row = new double[1, values.Length];
        for (var c = 0; c < values.Length; c++) row[0, c] = values[c];
        return row;
    }

    [Fact]
    public void Build_AveragesOverImagesThenSeeds_AndPairsAgainstReal()
    {
        // Two arms x two seeds x three test images; Dice values chosen by hand.
        double[,] dice = { { 0.5, 0.6, 0.7 }, { 0.7, 0.6, 0.5 }, { 0.6, 0.8, 0.7 }, { 0.8, 0.8, 0.9 } }; // real s1, real s2, synthetic s1, synthetic s2
        WriteRun(["real", "synthetic"], 2, dice);
        var arms = ResultsTable.BuildPerRegion(ExperimentRun.Open(_run)).Single().Arms;

        var real = arms.Single(a => a.Arm == "real");
        var synthetic = arms.Single(a => a.Arm == "synthetic");
        Assert.Equal([0.6, 0.6], real.Seeds.Select(s => Math.Round(s.Means["dice"], 12)));
        Assert.Equal(0.6, real.Metrics["dice"].Mean, 12);
        Assert.Equal(0, real.Metrics["dice"].Std, 12);
        // synthetic: seed means 0.7 and 0.8333 -> mean 0.76667, sample std 0.094281
        Assert.Equal((0.7 + 2.5 / 3) / 2, synthetic.Metrics["dice"].Mean, 9);
        Assert.Equal(Math.Abs(2.5 / 3 - 0.7) / Math.Sqrt(2), synthetic.Metrics["dice"].Std, 9);
        // Per image, seed-averaged: real (0.6, 0.6, 0.6), synthetic (0.7, 0.8, 0.8) -> differences 0.1, 0.2, 0.2
        var byImage = synthetic.VersusRealByImage["dice"]!;
        Assert.Equal(0.5 / 3, byImage.Mean, 9);
        Assert.Equal(3, byImage.Pairs);
        var sd = Math.Sqrt((Math.Pow(0.1 - 0.5 / 3, 2) + 2 * Math.Pow(0.2 - 0.5 / 3, 2)) / 2);
        Assert.Equal(0.5 / 3 - 4.3027 * sd / Math.Sqrt(3), byImage.Low, 4);
        // Per seed: 0.7 - 0.6 and 0.8333 - 0.6
        var bySeed = synthetic.DiceVersusRealBySeed!;
        Assert.Equal(((0.7 - 0.6) + (2.5 / 3 - 0.6)) / 2, bySeed.Mean, 9);
        Assert.Null(real.DiceVersusRealBySeed);
        // Bootstrap over the 3 test cases and 2 seeds: its mean is the mean of all (seed, case) differences.
        Assert.Null(real.DiceVersusRealBootstrap);
        Assert.Equal(0.5 / 3, synthetic.DiceVersusRealBootstrap!.Mean, 9);
        Assert.Equal((2, 3), (synthetic.DiceVersusRealBootstrap.Seeds, synthetic.DiceVersusRealBootstrap.Cases));
        Assert.Equal(58.9, real.StudyFigure);
        Assert.Equal(0.25, synthetic.StudyPooledDice.Mean, 9); // summary.json gives 0.2 and 0.3
    }

    [Fact]
    public void HeadToHead_SyntheticAndBothAgainstGeometric_WithTheirVerdicts()
    {
        // Two seeds x three test cases. synthetic = geometric + 0.05 on every (seed, case): helps more, zero-width
        // interval; both = geometric - 0.03 everywhere: hurts.
        double[] geometric = [0.6, 0.7, 0.8];
        double[,] dice = new double[8, 3];
        for (var c = 0; c < 3; c++)
        {
            dice[0, c] = dice[1, c] = 0.5; // real s1, s2
            dice[2, c] = dice[3, c] = geometric[c];
            dice[4, c] = dice[5, c] = geometric[c] + 0.05; // synthetic
            dice[6, c] = dice[7, c] = geometric[c] - 0.03; // both
        }
        WriteRun(["real", "geometric", "synthetic", "both"], 2, dice);

        var table = ResultsTable.BuildPerRegion(ExperimentRun.Open(_run)).Single();

        Assert.Equal(["synthetic", "both"], table.HeadToHead.Select(h => h.Arm));
        Assert.All(table.HeadToHead, h => Assert.Equal(("geometric", 2, 3), (h.Against, h.Difference!.Seeds, h.Difference.Cases)));
        var (synthetic, both) = (table.HeadToHead[0].Difference!, table.HeadToHead[1].Difference!);
        Assert.Equal((0.05, 0.05, 0.05), (Math.Round(synthetic.Mean, 9), Math.Round(synthetic.Low, 9), Math.Round(synthetic.High, 9)));
        Assert.Equal((-0.03, -0.03, -0.03), (Math.Round(both.Mean, 9), Math.Round(both.Low, 9), Math.Round(both.High, 9)));
        Assert.Equal([
            "The synthetic pairs help more than geometric augmentation: synthetic - geometric Dice +0.050 [+0.050, +0.050].",
            "Adding the synthetic pairs to the geometric copies hurts: both - geometric Dice -0.030 [-0.030, -0.030].",
        ], BrainAug.Report.Writing.TableText.Answers(table.HeadToHead));
    }

    [Fact]
    public void HeadToHead_WithTwoGeometricSeeds_IsMeasuredAgainstTheirMean()
    {
        // One seed per arm, two for geometric (--comparator-seeds 2). synthetic = the geometric seeds' mean + 0.05 on
        // every case, but geometric s1 + 0.10: the contrast must use the mean. both = the mean - 0.03.
        double[] first = [0.6, 0.7, 0.8], second = [0.7, 0.8, 0.9];
        var dice = new double[5, 3];
        for (var c = 0; c < 3; c++)
        {
            var mean = (first[c] + second[c]) / 2;
            (dice[0, c], dice[1, c], dice[2, c], dice[3, c], dice[4, c]) = (0.5, first[c], second[c], mean + 0.05, mean - 0.03);
        }
        WriteRun(["real", "geometric", "synthetic", "both"], 1, dice, comparatorSeeds: 2);

        var table = ResultsTable.BuildPerRegion(ExperimentRun.Open(_run)).Single();

        var geometric = table.Arms.Single(a => a.Arm == "geometric");
        Assert.Equal(["seg-geometric-s1", "seg-geometric-s2"], geometric.Seeds.Select(s => s.Model));
        Assert.Equal(0.75, geometric.Metrics["dice"].Mean, 9);
        Assert.Equal((0.25, 1), (Math.Round(geometric.DiceVersusRealBootstrap!.Mean, 9), geometric.DiceVersusRealBootstrap.Seeds));
        var (synthetic, both) = (table.HeadToHead[0].Difference!, table.HeadToHead[1].Difference!);
        Assert.Equal((0.05, 0.05, 0.05), (Math.Round(synthetic.Mean, 9), Math.Round(synthetic.Low, 9), Math.Round(synthetic.High, 9)));
        Assert.Equal((-0.03, -0.03, -0.03), (Math.Round(both.Mean, 9), Math.Round(both.Low, 9), Math.Round(both.High, 9)));
    }

    [Fact]
    public void Subtract_SetsEachSeedAgainstTheMeanOfItsGroupOfComparatorSeeds_AndRefusesUnevenCounts()
    {
        // Two seeds against four: seed 1 against the mean of seeds 1 and 3, seed 2 against that of 2 and 4.
        var arm = new double[,] { { 1.0, 2.0 }, { 3.0, 4.0 } };
        var comparator = new double[,] { { 0.1, 0.2 }, { 0.3, 0.4 }, { 0.5, 0.6 }, { 0.7, 0.8 } };
        var difference = ResultsTable.Subtract(arm, comparator);
        Assert.Equal((2, 2), (difference.GetLength(0), difference.GetLength(1)));
        static double[] Rounded(IEnumerable<double> values) => [.. values.Select(v => Math.Round(v, 12))];
        Assert.Equal(Rounded([1.0 - 0.3, 2.0 - 0.4, 3.0 - 0.5, 4.0 - 0.6]), Rounded(difference.Cast<double>()));
        Assert.Equal(Rounded([0.3 - 1.0, 0.4 - 2.0, 0.5 - 3.0, 0.6 - 4.0]), Rounded(ResultsTable.Subtract(comparator, arm).Cast<double>()));
        Assert.Throws<InvalidDataException>(() => ResultsTable.Subtract(arm, new double[3, 2]));
    }

    [Fact]
    public void HeadToHead_DifferencesEitherWay_NotResolved_AndNoneWithoutAGeometricArm()
    {
        // synthetic beats geometric on one case by 0.2 and loses on another by 0.2: the interval straddles 0.
        WriteRun(["real", "geometric", "synthetic"], 1, new double[,] { { 0.5, 0.5, 0.5 }, { 0.6, 0.6, 0.6 }, { 0.8, 0.4, 0.6 } });
        var contrast = Assert.Single(ResultsTable.BuildPerRegion(ExperimentRun.Open(_run)).Single().HeadToHead).Difference!;
        Assert.True(contrast.Low < 0 && contrast.High > 0, $"[{contrast.Low}, {contrast.High}]");
        var answer = Assert.Single(BrainAug.Report.Writing.TableText.Answers([new HeadToHead("synthetic", "geometric", contrast)]));
        Assert.StartsWith("Not resolved whether the synthetic pairs help more than geometric augmentation: synthetic - geometric Dice +0.000 [-0.", answer);
        Assert.EndsWith("] includes 0.", answer);

        Dispose();
        Directory.CreateDirectory(_run);
        WriteRun(["real", "synthetic"], 1, new double[,] { { 0.5, 0.6, 0.7 }, { 0.6, 0.8, 0.7 } });
        Assert.Empty(ResultsTable.BuildPerRegion(ExperimentRun.Open(_run)).Single().HeadToHead);
    }

    [Fact]
    public void Build_RefusesAModelScoredOnOtherImages()
    {
        WriteRun(["real", "synthetic"], 1, new double[,] { { 0.5, 0.6, 0.7 }, { 0.6, 0.8, 0.7 } }, dropLastRowOf: "seg-synthetic-s1");
        var error = Assert.Throws<InvalidDataException>(() => ResultsTable.BuildPerRegion(ExperimentRun.Open(_run)));
        Assert.Contains("scored on 2 images", error.Message);
    }

    [Fact]
    public void Open_NamesTheFirstMissingFile()
    {
        WriteRun(["real", "synthetic"], 1, new double[,] { { 0.5, 0.6, 0.7 }, { 0.6, 0.8, 0.7 } });
        File.Delete(Path.Combine(_run, "train", "seg-synthetic-s1", "epochs.csv"));
        var error = Assert.Throws<FileNotFoundException>(() => ExperimentRun.Open(_run));
        Assert.Contains("seg-synthetic-s1", error.Message);
    }

    [Fact]
    public void BuildPerRegion_RegionsRun_OneTablePerRegionInScoringOrder()
    {
        double[,] dice = { { 0.5, 0.6, 0.7 }, { 0.6, 0.8, 0.7 } }; // real s1, synthetic s1; region r scores dice - 0.1 r
        WriteRun(["real", "synthetic"], 1, dice, regions: ["wt", "tc", "et"]);

        var tables = ResultsTable.BuildPerRegion(ExperimentRun.Open(_run));

        Assert.Equal(["wt", "tc", "et"], tables.Select(t => t.Region));
        Assert.Equal(["WT (whole tumour)", "TC (tumour core)", "ET (enhancing tumour)"], tables.Select(t => t.Title));
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(0.6 - 0.1 * r, tables[r].Arms.Single(a => a.Arm == "real").Metrics["dice"].Mean, 9);
            Assert.Equal(0.7 - 0.1 * r, tables[r].Arms.Single(a => a.Arm == "synthetic").Metrics["dice"].Mean, 9);
            Assert.Equal(0.1, tables[r].Arms.Single(a => a.Arm == "synthetic").DiceVersusRealBootstrap!.Mean, 9);
        }
    }

    private void WriteRun(string[] arms, int seeds, double[,] dice, string? dropLastRowOf = null, string[]? regions = null, int comparatorSeeds = 1)
    {
        var split = Path.Combine(_run, SplitFile.FileName);
        ContractFile.Write(split, new SplitFile
        {
            Data = "/nowhere", SplitSeed = 1, ValidationFraction = 0.1, TestFraction = 0.2, Train = ["CASE_9"], Validation = [], Test = ["CASE_0", "CASE_1", "CASE_2"],
        });
        ContractFile.Write(Path.Combine(_run, ExperimentRecord.FileName), new ExperimentRecord
        {
            CommandLine = "test", Preset = "tiny", GitCommit = "unknown", Data = "/nowhere", SplitFile = split, SplitSeed = 1, Seeds = seeds,
            ComparatorSeeds = comparatorSeeds, RealTrainingImages = 3, N = 3, Arms = arms,
        });
        Directory.CreateDirectory(Path.Combine(_run, "synthetic"));
        File.WriteAllText(Path.Combine(_run, "synthetic", "manifest.jsonl"), "{}\n");
        var perImage = new List<string> { "model,version,region,case,slice,dice,iou,hd95_mm,precision,recall,area_error_mm2,true_pixels,predicted_pixels" };
        var summaries = new List<ModelScores>();
        var row = 0;
        foreach (var arm in arms)
            foreach (var seed in ExperimentArms.Seeds(arm, seeds, comparatorSeeds))
            {
                var model = ExperimentRun.ModelName(arm, seed);
                var folder = Path.Combine(_run, "train", model);
                Directory.CreateDirectory(folder);
                ContractFile.Write<TrainingConfig>(Path.Combine(folder, TrainingConfig.FileName),
                    new SegConfig { Data = "/nowhere", Out = folder, Policy = "tumour", Size = 32, SplitFile = split });
                File.WriteAllText(Path.Combine(folder, "epochs.csv"), "epoch,train_loss,validation_loss,validation_dice\n0,1,1,0\n");
                var images = model == dropLastRowOf ? 2 : 3;
                foreach (var (region, r) in (regions ?? ["et"]).Select((region, r) => (region, r)))
                {
                    for (var image = 0; image < images; image++)
                    {
                        var d = (dice[row, image] - 0.1 * r).ToString(CultureInfo.InvariantCulture);
                        perImage.Add($"{model},1,{region},CASE_{image},77,{d},{d},1,{d},{d},0,10,10");
                    }
                    summaries.Add(new ModelScores
                    {
                        Model = model, Version = 1, Region = region, Sha256 = $"ab{row}", Images = images, Cases = images, EmptyVsEmptyImages = 0,
                        PerImage = new Dictionary<string, Statistic>(), PerCase = new Dictionary<string, Statistic>(), StudyPooledDice = 0.1 * (seed + 1),
                    });
                }
                row++;
            }
        Directory.CreateDirectory(Path.Combine(_run, "evaluation"));
        File.WriteAllLines(Path.Combine(_run, "evaluation", "per_image.csv"), perImage);
        ContractFile.Write(Path.Combine(_run, "evaluation", EvaluationSummary.FileName), new EvaluationSummary
        {
            CommandLine = "test", Data = "/nowhere", Split = "test", SplitFile = split, SplitSeed = 1, ValidationFraction = 0.1, TestFraction = 0.2,
            Threshold = 0.5, StudyPooledDiceDefinition = "", EmptyMasks = "", RegionsDefinition = "", PerCaseDefinition = "", Models = summaries,
        });
    }
}
