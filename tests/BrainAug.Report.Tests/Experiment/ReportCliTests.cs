using BrainAug.Contracts;
using BrainAug.Contracts.Experiment;
using BrainAug.TestSupport;

namespace BrainAug.Report.Tests.Experiment;

/// <summary>brainaug-report's answers to wrong input: one line on stderr, exit code 2, no stack trace, no report.</summary>
public class ReportCliTests
{
    private static string Report => Tools.Report;

    [Theory]
    [InlineData("experiment.json does not exist", "--run", "/no/such/run")]
    [InlineData("--max-points must lie in 4..5000", "--run", "/tmp", "--max-points", "2")]
    [InlineData("Option '--run' is required", "--seed", "3")]
    [InlineData("Unrecognized command or argument '--colour'", "--run", "/tmp", "--colour")]
    public void WrongInput_OneLineAndExitCode2(string expected, params string[] arguments)
    {
        var (code, stdout, stderr) = Tools.Run(Report, arguments);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.StartsWith("brainaug-report: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void IncompleteRun_NamesWhatIsMissing_AndWritesNoReport()
    {
        var run = Directory.CreateTempSubdirectory("brainaug-report-cli-").FullName;
        try
        {
            ContractFile.Write(Path.Combine(run, ExperimentRecord.FileName), new ExperimentRecord
            {
                CommandLine = "x", Preset = "tiny", GitCommit = "unknown", Data = "/nowhere", SplitFile = Path.Combine(run, "split.json"), SplitSeed = 1,
                Seeds = 1, RealTrainingImages = 3, N = 3, Arms = ["real"],
            });
            var (code, _, stderr) = Tools.Run(Report, "--run", run);
            Assert.Equal(2, code);
            Assert.Equal($"brainaug-report: {Path.Combine(run, "train", "seg-real-s1", "config.json")} does not exist: the real arm was not trained", stderr.Trim());
            Assert.False(Directory.Exists(Path.Combine(run, "report")));
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{"command_line": "x", "data": "/nowhere", "seeds": 1, "n": 3, "arms": ["real"]}""", "was written before schema versions")]
    [InlineData("""{"schema_version": 99, "command_line": "x"}""", "has schema version 99; this build reads version 1")]
    public void ExperimentJsonOfAnotherSchema_IsRefusedWithWhatToDo(string json, string expected)
    {
        var run = Directory.CreateTempSubdirectory("brainaug-report-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(run, "experiment.json"), json);
            var (code, _, stderr) = Tools.Run(Report, "--run", run);
            Assert.Equal(2, code);
            Assert.Contains(expected, stderr);
            Assert.Contains("rerun the experiment with this build", stderr);
            Assert.Single(stderr.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }
}
