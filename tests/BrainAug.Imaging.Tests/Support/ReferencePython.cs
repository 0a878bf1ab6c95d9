using System.Diagnostics;

namespace BrainAug.Imaging.Tests.Support;

/// <summary>
/// Runs Debian's Python (/usr/bin/python3, where python3-nibabel lives) as an independent reference.
/// The test command installs python3-nibabel; a missing interpreter or module fails the test loudly.
/// </summary>
public static class ReferencePython
{
    private const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; returns stdout, throws on a non-zero exit.</summary>
    public static string Run(string script, params string[] arguments)
    {
        Assert.True(File.Exists(Interpreter), $"{Interpreter} is missing; run the README's test command, which installs python3-nibabel");
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail("reference python did not finish in 120 s");
        }
        Assert.True(process.ExitCode == 0, $"reference python failed (exit {process.ExitCode}):\n{stderr.Result}\n{stdout.Result}");
        return stdout.Result;
    }
}
