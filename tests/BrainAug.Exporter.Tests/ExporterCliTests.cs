using System.Diagnostics;

namespace BrainAug.Exporter.Tests;

/// <summary>The brainaug-exporter executable on bad input: one line, exit code 2, the trace only with --verbose.</summary>
public class ExporterCliTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "brainaug-exporter.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "brainaug-exporter did not finish in 120 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

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
