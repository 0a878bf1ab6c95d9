using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>
/// An exponential moving average of a network's weights and buffers (Polyak averaging), updated after every
/// optimiser step. Why: a short CPU training ends wherever its last few hundred noisy steps left it, so two seeds of
/// the same arm differ by several Dice points; the average over the last ~1/(1-decay) steps lands nearer the middle
/// of that walk. The experiment compares arms by a few Dice points, so this spread is what limits it.
/// </summary>
public sealed class WeightAverage
{
    private readonly (Tensor Average, Tensor Live)[] _pairs;
    private readonly double _decay;

    /// <param name="live">The network the optimiser updates.</param>
    /// <param name="average">A network of the same shape that holds the average (the one to validate and save).</param>
    /// <param name="decay">Weight of the old average per step, in [0, 1).</param>
    public WeightAverage(nn.Module live, nn.Module average, double decay)
    {
        if (decay is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the averaging decay must lie in [0, 1)");
        _decay = decay;
        var averageState = average.state_dict();
        _pairs = [.. live.state_dict().Select(entry => (averageState[entry.Key], entry.Value))];
        Reset();
    }

    /// <summary>Starts the average at the live weights.</summary>
    public void Reset()
    {
        using var _ = no_grad();
        foreach (var (average, live) in _pairs) average.copy_(live);
    }

    /// <summary>Folds the live weights in after optimiser step <paramref name="step"/> (1-based). The decay ramps up
    /// as (1 + step) / (10 + step) until it reaches its setting, so the first steps, far from the end, fade fast.</summary>
    public void Update(long step)
    {
        var decay = Math.Min(_decay, (1.0 + step) / (10.0 + step));
        using var _ = no_grad();
        foreach (var (average, live) in _pairs)
        {
            if (average.is_floating_point()) average.mul_(decay).add_(live, alpha: 1 - decay);
            else average.copy_(live); // BatchNorm's batch counter
        }
    }
}
