using BrainAug.Contracts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainAug.Trainer.Training;

/// <summary>Where a run stands: the next epoch to train and the early-stopping record.</summary>
public sealed record TrainingProgress(int NextEpoch, long Step, double BestValidationLoss, int EpochsWithoutImprovement);

/// <summary>
/// One file holding everything a killed run needs to continue exactly: progress, every network's weights
/// and buffers, every optimiser's state (and any extra state tensors, e.g. bf16 training's fp32 Adam moments). Random streams are re-seeded from (seed, epoch) at each epoch, so
/// no generator state needs saving. Written to a temporary name and renamed: a kill never leaves half a file.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "BrainAug checkpoint v1";

    public static void Save(string path, TrainingProgress progress, IReadOnlyList<nn.Module> networks, IReadOnlyList<OptimizerHelper> optimizers, IReadOnlyList<Tensor>? extraState = null)
    {
        AtomicFile.Write(path, temporary =>
        {
            using var writer = new BinaryWriter(File.Create(temporary));
            writer.Write(Magic);
            writer.Write(progress.NextEpoch);
            writer.Write(progress.Step);
            writer.Write(progress.BestValidationLoss);
            writer.Write(progress.EpochsWithoutImprovement);
            foreach (var network in networks) network.save(writer);
            foreach (var optimizer in optimizers) optimizer.save_state_dict(writer);
            foreach (var tensor in extraState ?? []) tensor.Save(writer);
        });
    }

    public static TrainingProgress Load(string path, IReadOnlyList<nn.Module> networks, IReadOnlyList<OptimizerHelper> optimizers, IReadOnlyList<Tensor>? extraState = null)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        if (reader.ReadString() != Magic)
            throw new IOException($"{path} is not a BrainAug checkpoint");
        var progress = new TrainingProgress(reader.ReadInt32(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadInt32());
        foreach (var network in networks) network.load(reader);
        foreach (var optimizer in optimizers) optimizer.load_state_dict(reader);
        foreach (var tensor in extraState ?? []) tensor.Load(reader);
        return progress;
    }
}
