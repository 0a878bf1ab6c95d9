using BrainAug.TestSupport;

namespace BrainAug.Trainer.Tests.Cli;

/// <summary>The trainer killed with SIGKILL in the middle of an epoch, then run again with --resume.</summary>
[Trait("Category", "Slow")]
public class TrainerKillResumeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KilledMidEpoch_ResumeFromLastCheckpoint_SameWeightsAsUninterrupted()
    {
        var data = _temp.File("phantom");
        Assert.Equal(0, Tools.Run(Tools.Trainer, "phantom", "--out", data, "--cases", "6", "--depth", "12", "--seed", "4", "--difficulty", "easy").ExitCode);
        string[] Seg(string output) => ["seg", "--data", data, "--out", output, "--size", "96", "--base-width", "8", "--depth", "2", "--batch", "4",
            "--epochs", "4", "--policy", "all", "--region", "wt", "--device", "cpu", "--seed", "3", "--patience", "0"];
        var (whole, killed) = (_temp.File("whole"), _temp.File("killed"));
        var uninterrupted = Tools.Run(Tools.Trainer, Seg(whole));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);

        using (var trainer = Start(Seg(killed)))
        {
            // The second epoch has started (its first step is logged) but not finished: kill now.
            var steps = Path.Combine(killed, "steps.csv");
            while (!trainer.HasExited && !(File.Exists(steps) && File.ReadAllLines(steps).Any(l => l.StartsWith("1,", StringComparison.Ordinal))))
                await Task.Delay(5);
            trainer.Kill();
            await trainer.WaitForExitAsync();
        }
        var epochsDone = File.ReadAllLines(Path.Combine(killed, "epochs.csv")).Length - 1;
        Assert.InRange(epochsDone, 1, 3); // killed mid-run, after the first checkpoint
        Assert.False(File.Exists(Path.Combine(killed, "final.weights")));

        var resumed = Tools.Run(Tools.Trainer, [.. Seg(killed), "--resume"]);

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(killed, "epochs.csv")).Length); // header + 4 epochs, none twice
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "final.weights")), File.ReadAllBytes(Path.Combine(killed, "final.weights")));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "steps.csv")), File.ReadAllText(Path.Combine(killed, "steps.csv")));
    }

    private static RunningProcess Start(string[] arguments) => Tools.Start(Tools.Trainer, arguments);
}
