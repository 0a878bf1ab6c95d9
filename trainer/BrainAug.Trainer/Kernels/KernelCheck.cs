using BrainAug.Networks;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Kernels;

/// <summary>What one check found: passes run and those with non-finite results, per part.</summary>
public sealed record KernelCheckResult(IReadOnlyList<(string Part, int Passes, int NonFinite)> Parts)
{
    public bool Sound => Parts.All(p => p.NonFinite == 0);

    public override string ToString() => string.Join(", ", Parts.Select(p => $"{p.Part} {p.NonFinite}/{p.Passes} non-finite"));
}

/// <summary>
/// Checks that libtorch's CPU kernels give finite results under the environment this process started with: many
/// convolution passes on two threads (where the fault showed first), then real training steps of every network the
/// trainer trains, at the small presets' shapes, on one thread (a whole GAN went NaN at epoch 3 on one thread after a
/// convolution-only check had passed). Why: on 2-core AMD EPYC family 26 (Zen 5) virtual machines here libtorch's
/// AVX-512 kernels give non-finite values at random (30-90 of 200 convolution passes, measured).
/// </summary>
public static class KernelCheck
{
    /// <summary>The environment variable with which tests make a check report a fault (no machine here is faulty
    /// on purpose): a comma-separated list of <see cref="KernelSettings"/> names; a check run under one of them
    /// puts a NaN into its first convolution's input, so that the detection itself runs as it would.</summary>
    public const string InjectFaultVariable = "BRAINAUG_INJECT_KERNEL_FAULT";

    public static KernelCheckResult Run(int convolutionPasses, int trainingSteps, int threads)
    {
        Nnpack.Disable();
        random.manual_seed(1);
        var parts = new List<(string, int, int)> { ("convolution", convolutionPasses, Convolutions(convolutionPasses, threads)) };
        set_num_threads(1);
        parts.Add(("U-Net", trainingSteps, Train(trainingSteps, [new UNet(4, 3, 8, 4)], [4, 4, 64, 64], Supervised)));
        parts.Add(("DCGAN", trainingSteps, Train(trainingSteps, [new DcganGenerator(100, 64, 16, 3), new DcganDiscriminator(64, 16, 3)], [8, 100, 1, 1], Adversarial)));
        parts.Add(("pix2pix", trainingSteps, Train(trainingSteps, [new Pix2PixGenerator(5, 4, 6, 16), new PatchGanDiscriminator(9, 16, 2)], [8, 5, 64, 64], Adversarial)));
        parts.Add(("inpainting", trainingSteps, Train(trainingSteps, [new InpaintingGenerator(4, 3, 6, 16), new PatchGanDiscriminator(12, 16, 2)], [8, 8, 64, 64], Adversarial)));
        return new KernelCheckResult(parts);
    }

    private static int Convolutions(int passes, int threads)
    {
        set_num_threads(threads);
        using var convolution = nn.Conv2d(8, 8, 3, padding: 1);
        using var input = randn(8, 8, 32, 32);
        if (FaultInjected()) input[0, 0, 0, 0] = float.NaN;
        var nonFinite = 0;
        for (var i = 0; i < passes; i++)
        {
            using var scope = NewDisposeScope();
            var x = input.clone().requires_grad_(true);
            var y = convolution.call(x);
            y.square().sum().backward();
            if (!Finite(y) || !Finite(x.grad!)) nonFinite++;
        }
        return nonFinite;
    }

    /// <summary>Adam steps of <paramref name="networks"/> on fixed random input; a step counts as non-finite when its
    /// loss or any weight afterwards is.</summary>
    private static int Train(int steps, nn.Module<Tensor, Tensor>[] networks, long[] inputShape, Func<nn.Module<Tensor, Tensor>[], Tensor, Tensor> loss)
    {
        try
        {
            var parameters = networks.SelectMany(n => n.parameters()).ToList();
            using var adam = optim.Adam(parameters, 2e-4);
            using var input = randn(inputShape);
            var nonFinite = 0;
            for (var i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                adam.zero_grad();
                var value = loss(networks, input);
                value.backward();
                adam.step();
                if (!Finite(value) || parameters.Any(p => !Finite(p))) nonFinite++;
            }
            return nonFinite;
        }
        finally
        {
            foreach (var network in networks) network.Dispose();
        }
    }

    private static Tensor Supervised(nn.Module<Tensor, Tensor>[] networks, Tensor input)
    {
        var logits = networks[0].call(input);
        using var target = input.narrow(1, 0, logits.shape[1]).gt(0.5).to(ScalarType.Float32);
        return nn.functional.binary_cross_entropy_with_logits(logits, target);
    }

    /// <summary>Generator and discriminator losses summed: both networks' forward and backward run every step. A
    /// PatchGAN sees the condition beside the image, as pix2pix's does.</summary>
    private static Tensor Adversarial(nn.Module<Tensor, Tensor>[] networks, Tensor input)
    {
        var fake = networks[0].call(input);
        var pairs = networks[1] is PatchGanDiscriminator ? cat([input, fake], 1) : fake;
        var realPairs = networks[1] is PatchGanDiscriminator ? cat([input, fake.detach().neg()], 1) : fake.detach().neg();
        return GanLoss.Of(networks[1].call(pairs), real: true) + GanLoss.Of(networks[1].call(realPairs), real: false);
    }

    private static bool Finite(Tensor tensor) => tensor.isfinite().all().item<bool>();

    private static bool FaultInjected() =>
        (Environment.GetEnvironmentVariable(InjectFaultVariable) ?? "").Split(',').Contains(KernelSettings.Current().Name);
}
