using System.Reflection;
using BrainAug.InferenceServer.Tests.Support;

namespace BrainAug.Report.Tests.Experiment;

/// <summary>brainaug-report's answers to wrong input: one line on stderr, exit code 2, no stack trace, no report.</summary>
public class ReportCliTests
{
    private static string Report => Path.Combine(Tools.RepositoryRoot, "clients", "BrainAug.Report", "bin",
        typeof(ReportCliTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug", "net10.0", "brainaug-report.dll");

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
            File.WriteAllText(Path.Combine(run, "experiment.json"), """{"command_line": "x", "data": "/nowhere", "seeds": 1, "n": 3, "arms": ["real"]}""");
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
}
