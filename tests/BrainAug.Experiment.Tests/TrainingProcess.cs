using System.Runtime.InteropServices;
using BrainAug.TestSupport;

namespace BrainAug.Experiment.Tests;

/// <summary>
/// A training's process seen from outside, as the tests that kill or cancel one need it: found by its command line
/// in /proc, and caught inside its second epoch however fast the machine is.
/// </summary>
internal static class TrainingProcess
{
    public const int SigKill = 9, SigStop = 19, SigCont = 18;

    /// <summary>The first process whose command line matches, while <paramref name="job"/> runs (3 minutes at most).</summary>
    public static int WaitFor(RunningProcess job, Func<string, bool> commandLine)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline && !job.HasExited)
        {
            foreach (var folder in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
                try
                {
                    if (commandLine(File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' '))) return pid;
                }
                catch (IOException)
                {
                    // the process ended meanwhile
                }
            }
            Thread.Sleep(5);
        }
        throw new TimeoutException($"no such process started:\n{job.Output}");
    }

    /// <summary>
    /// Lets the training in <paramref name="training"/> run in 1 ms slices (SIGCONT, then SIGSTOP) until it is inside
    /// its second epoch (steps of epoch 1 written, epoch 1 not finished, a checkpoint on disk), and leaves it stopped
    /// there; returns the steps it has done in that epoch.
    /// </summary>
    public static int StopMidEpoch(int pid, string training)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        Assert.Equal(0, Signal(pid, SigStop));
        while (DateTime.UtcNow < deadline)
        {
            var steps = Rows(Path.Combine(training, "steps.csv")).Count(r => r == "1");
            var epochs = Rows(Path.Combine(training, "epochs.csv")).Count();
            Assert.True(epochs < 2, "the training finished its second epoch before it could be stopped in it");
            if (steps > 0 && epochs == 1 && File.Exists(Path.Combine(training, "checkpoint.bin"))) return steps;
            Signal(pid, SigCont);
            Thread.Sleep(1);
            Signal(pid, SigStop);
        }
        throw new TimeoutException("the training did not reach its second epoch in 3 minutes");
    }

    /// <summary>The first column (epoch) of a CSV's data rows; none while the file does not exist.</summary>
    private static IEnumerable<string> Rows(string csv) =>
        File.Exists(csv) ? File.ReadAllLines(csv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]) : [];

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Signal(int pid, int signal);
}
