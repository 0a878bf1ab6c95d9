using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>
/// Adam for bf16 training with fp32 master weights: gradients come from the bf16 compute network, the
/// update (and Adam's moments) happen in fp32 on the master network, and the result is copied back into
/// the compute network. Same update rule as torch's Adam (bias-corrected, no weight decay).
/// </summary>
public sealed class MixedPrecisionAdam : IDisposable
{
    private readonly List<(Parameter Master, Parameter Compute, Tensor M, Tensor V)> _slots = [];
    private readonly double _beta1, _beta2, _epsilon;
    private readonly Tensor _steps = zeros(1, dtype: ScalarType.Int64);

    public MixedPrecisionAdam(nn.Module master, nn.Module compute, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        (LearningRate, _beta1, _beta2, _epsilon) = (learningRate, beta1, beta2, epsilon);
        foreach (var (m, c) in master.parameters().Zip(compute.parameters()))
            _slots.Add((m, c, zeros_like(m), zeros_like(m)));
    }

    public double LearningRate { get; set; }

    /// <summary>Adam's moments and step count, for checkpoints.</summary>
    public IEnumerable<Tensor> State => _slots.SelectMany(s => new[] { s.M, s.V }).Append(_steps);

    public void ZeroGrad()
    {
        foreach (var slot in _slots) slot.Compute.grad?.zero_();
    }

    public void Step()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        _steps.add_(1);
        var t = _steps.item<long>();
        var correction1 = 1 - Math.Pow(_beta1, t);
        var correction2 = 1 - Math.Pow(_beta2, t);
        foreach (var (master, compute, m, v) in _slots)
        {
            if (compute.grad is null) continue;
            var gradient = compute.grad.to(ScalarType.Float32);
            m.mul_(_beta1).add_(gradient, alpha: 1 - _beta1);
            v.mul_(_beta2).addcmul_(gradient, gradient, value: 1 - _beta2);
            var denominator = (v / correction2).sqrt_().add_(_epsilon);
            master.sub_(m / denominator * (LearningRate / correction1));
            compute.copy_(master);
        }
    }

    public void Dispose()
    {
        foreach (var slot in _slots)
        {
            slot.M.Dispose();
            slot.V.Dispose();
        }
        _steps.Dispose();
    }
}
