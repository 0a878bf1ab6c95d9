namespace BrainAug.Trainer.Training;

/// <summary>A training whose losses stopped being finite; its last checkpoint (the epoch before) is still sound.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>
/// Stops a training at the end of an epoch whose losses are not finite, before it saves anything of that epoch: its
/// weights would be worthless, and saving them would overwrite the last sound checkpoint. The trainer then exits with
/// <see cref="ExitCode"/>, and the main job resumes the training from that checkpoint: a transient fault (such as the
/// random kernel faults of the Zen 5 virtual machines here) does not recur, while a true divergence fails again and
/// stops the main job with this message.
/// </summary>
public static class Divergence
{
    public const int ExitCode = 4;

    public static void Check(string network, int epoch, params double[] losses)
    {
        if (losses.All(double.IsFinite)) return;
        throw new TrainingDivergedException(
            $"{network}: the losses of epoch {epoch + 1} are not finite ({string.Join(", ", losses)}); nothing of that epoch was saved, " +
            "and --resume continues from the last checkpoint");
    }
}
