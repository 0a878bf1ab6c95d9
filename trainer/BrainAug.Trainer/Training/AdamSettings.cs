using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>Adam as the GAN papers set it (betas 0.5/0.999) and learning-rate changes mid-run.</summary>
public static class AdamSettings
{
    public static OptimizerHelper ForGan(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate) =>
        optim.Adam(parameters, lr: learningRate, beta1: 0.5, beta2: 0.999);

    public static void SetLearningRate(OptimizerHelper optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
