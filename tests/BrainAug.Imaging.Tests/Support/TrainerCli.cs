using System.Diagnostics;

namespace BrainAug.Imaging.Tests.Support;

/// <summary>Runs the real brainaug-trainer executable (copied next to the tests) as a user would.</summary>
public static class TrainerCli
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "brainaug-trainer.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("brainaug-trainer did not finish in 300 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
