using System.Diagnostics;

namespace BrainAug.Experiment;

/// <summary>
/// The libtorch kernel settings every training of the experiment starts with: <c>brainaug-trainer kernel-settings</c>
/// (checked once per machine and libtorch version, then cached; empty where the default kernels are sound) put into
/// this process's environment, which every tool it starts inherits. Asked only after the options are checked, so a
/// bad option is answered at once.
/// </summary>
public static class KernelEnvironment
{
    public static void Apply(Tools tools)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(tools.Trainer);
        start.ArgumentList.Add("kernel-settings");
        using var trainer = Process.Start(start)!; // its messages (only when a cap is needed) go to our stderr
        var lines = trainer.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        trainer.WaitForExit();
        if (trainer.ExitCode != 0)
            throw new StageFailedException($"brainaug-trainer kernel-settings failed (exit status {trainer.ExitCode}): libtorch gives no finite results on this machine");
        foreach (var line in lines)
        {
            var (variable, value) = (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
            Environment.SetEnvironmentVariable(variable, value);
            Stages.Say($"libtorch kernels: {variable}={value}");
        }
    }
}
