using BrainAug.TestSupport;

namespace BrainAug.Exporter.Tests;

/// <summary>The brainaug-exporter executable on bad input: one line, exit code 2, the trace only with --verbose.</summary>
public class ExporterCliTests
{
    private static ProcessResult Run(params string[] arguments) => Tools.Run(Tools.Exporter, arguments);

    [Theory]
    [InlineData("export --run /nonexistent/run", "brainaug-exporter: run folder /nonexistent/run does not exist")]
    [InlineData("export --run /tmp", "holds no config.json: not a brainaug-trainer run folder")]
    [InlineData("export --run /tmp --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("export", "Option '--run' is required")]
    [InlineData("export --run /tmp --weights middle", "middle")]
    [InlineData("export --run /tmp --version 0", "--version must be at least 1")]
    public void BadInput_OneLineAndExitCode2(string commandLine, string message)
    {
        var (exitCode, stdout, stderr) = Run(commandLine.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public void BadInput_Verbose_AddsTheStackTrace()
    {
        var (exitCode, _, stderr) = Run("export", "--run", "/nonexistent/run", "--verbose");

        Assert.Equal(2, exitCode);
        Assert.Contains("   at ", stderr);
    }
}
