using BrainAug.Contracts.Training;
using BrainAug.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace BrainAug.Trainer.Training;

/// <summary>
/// One U-Net optimisation step, in fp32 or in bf16 (bf16 compute network, fp32 master weights and Adam state:
/// this CPU's AVX512-BF16 makes the convolutions about 3x faster). <see cref="Master"/> is always the fp32
/// network that is validated and saved.
/// </summary>
public sealed class SegStep : IDisposable
{
    private readonly UNet? _compute; // bf16 copy, null in fp32
    private readonly OptimizerHelper? _adam;
    private readonly MixedPrecisionAdam? _mixedAdam;
    private readonly bool _multiClass;
    private readonly bool _withDice;

    public SegStep(UNet master, double learningRate, Precision precision, TargetRegion target, Func<UNet> createLikeMaster, SegLoss loss = SegLoss.Bce)
    {
        Master = master;
        _multiClass = target == TargetRegion.Multiclass;
        if (loss == SegLoss.BceDice && _multiClass)
            throw new FormatException("loss bce+dice is for sigmoid targets (one region or the regions); multi-class training uses cross-entropy");
        _withDice = loss == SegLoss.BceDice;
        if (precision == Precision.Auto) throw new ArgumentException("resolve --precision auto first (PrecisionChoice)", nameof(precision));
        if (precision == Precision.Fp32)
        {
            _adam = optim.Adam(master.parameters(), lr: learningRate);
            return;
        }
        _compute = createLikeMaster();
        _compute.to(ScalarType.BFloat16);
        SyncCompute();
        _mixedAdam = new MixedPrecisionAdam(master, _compute, learningRate);
    }

    public UNet Master { get; }

    public IReadOnlyList<OptimizerHelper> Optimizers => _adam is null ? [] : [_adam];

    public IReadOnlyList<Tensor> ExtraState => _mixedAdam is null ? [] : _mixedAdam.State.ToList();

    public void SetLearningRate(double rate)
    {
        if (_adam is not null) AdamSettings.SetLearningRate(_adam, rate);
        if (_mixedAdam is not null) _mixedAdam.LearningRate = rate;
    }

    public void Train() => (_compute ?? Master).train();

    /// <summary>One step on a batch already on the device; returns the loss.</summary>
    public float Run(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        if (_compute is null)
        {
            _adam!.zero_grad();
            var loss = Loss(Master.call(images), labels);
            loss.backward();
            _adam.step();
            return loss.item<float>();
        }
        _mixedAdam!.ZeroGrad();
        var logits = _compute.call(images.to(ScalarType.BFloat16)).to(ScalarType.Float32);
        var mixedLoss = Loss(logits, labels);
        mixedLoss.backward();
        _mixedAdam.Step();
        return mixedLoss.item<float>();
    }

    public Tensor Loss(Tensor logits, Tensor labels)
    {
        if (_multiClass) return cross_entropy(logits, labels);
        var bce = binary_cross_entropy_with_logits(logits, labels);
        if (!_withDice) return bce;
        // Soft Dice over the whole batch per channel (region), averaged over the channels (+1 smoothing, so a batch
        // without target gives a finite, small term).
        var probability = torch.sigmoid(logits);
        long[] batchAndPixels = [0, 2, 3];
        var overlap = (probability * labels).sum(batchAndPixels);
        var dice = 1 - ((2 * overlap + 1) / (probability.sum(batchAndPixels) + labels.sum(batchAndPixels) + 1)).mean();
        return bce + dice;
    }

    /// <summary>Brings the compute network's BatchNorm statistics into the master before it is evaluated or saved.</summary>
    public void SyncMaster()
    {
        if (_compute is null) return;
        using var _ = no_grad();
        foreach (var (master, compute) in Master.buffers().Zip(_compute.buffers())) master.copy_(compute);
    }

    /// <summary>Copies the master (after a resume) into the compute network.</summary>
    public void SyncCompute()
    {
        if (_compute is null) return;
        using var _ = no_grad();
        foreach (var (master, compute) in Master.parameters().Zip(_compute.parameters())) compute.copy_(master);
        foreach (var (master, compute) in Master.buffers().Zip(_compute.buffers())) compute.copy_(master);
    }

    public void Dispose()
    {
        _compute?.Dispose();
        _adam?.Dispose();
        _mixedAdam?.Dispose();
    }
}
