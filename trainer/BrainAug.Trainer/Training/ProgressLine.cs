using System.Diagnostics;

namespace BrainAug.Trainer.Training;

/// <summary>One console line per step, rewritten in place on a terminal (a line per epoch when redirected):
/// epoch, step, losses, images/s and ETA.</summary>
public sealed class ProgressLine(int totalEpochs, int stepsPerEpoch, int batchSize)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _stepsDone;

    public void Step(int epoch, int step, string losses)
    {
        _stepsDone++;
        if (Console.IsOutputRedirected) return;
        Console.Write($"\r{Describe(epoch, step, losses)}   ");
    }

    public void EndEpoch(int epoch, string summary)
    {
        var line = $"{Describe(epoch, stepsPerEpoch, summary)}";
        Console.WriteLine(Console.IsOutputRedirected ? line : $"\r{line}   ");
    }

    private string Describe(int epoch, int step, string losses)
    {
        var seconds = Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        var imagesPerSecond = _stepsDone * batchSize / seconds;
        var remainingSteps = (long)(totalEpochs - epoch - 1) * stepsPerEpoch + (stepsPerEpoch - step);
        var eta = TimeSpan.FromSeconds(_stepsDone == 0 ? 0 : remainingSteps * seconds / _stepsDone);
        var done = (int)(20.0 * ((long)epoch * stepsPerEpoch + step) / ((long)totalEpochs * stepsPerEpoch));
        return $"[{new string('#', done)}{new string('.', 20 - done)}] epoch {epoch + 1}/{totalEpochs} step {step}/{stepsPerEpoch} {losses} {imagesPerSecond:F1} img/s ETA {eta:hh\\:mm\\:ss}";
    }
}
