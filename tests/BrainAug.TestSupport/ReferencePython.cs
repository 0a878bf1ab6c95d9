namespace BrainAug.TestSupport;

/// <summary>
/// Debian's Python (/usr/bin/python3, where python3-nibabel, -onnx, -scipy, -sklearn, -skimage and -grpcio live:
/// the test command installs them) as an independent reference. A missing interpreter or module fails the test loudly.
/// </summary>
public static class ReferencePython
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> (python3 -c) with <paramref name="arguments"/>; returns stdout, fails the
    /// test on a non-zero exit.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var result = RunAllowingFailure(script, arguments);
        Assert.True(result.ExitCode == 0, $"reference python failed (exit {result.ExitCode}):\n{result.Stderr}\n{result.Stdout}");
        return result.Stdout;
    }

    public static ProcessResult RunAllowingFailure(string script, params string[] arguments)
    {
        Assert.True(File.Exists(Interpreter), $"{Interpreter} is missing; run the README's test command, which installs the Python references");
        return ProcessRunner.Run(Interpreter, ["-c", script, .. arguments], TimeSpan.FromSeconds(120));
    }
}
