namespace BrainAug.Contracts.Training;

/// <summary>
/// The files of a trainer run folder that other tools read by name: the exporter the weights, the experiment the
/// checkpoint (an unfinished run), the report the epoch losses. config.json and summary.json are
/// <see cref="TrainingConfig.FileName"/> and <see cref="RunSummary.FileName"/>.
/// </summary>
public static class TrainingRunFiles
{
    /// <summary>The Seg-DNN's weights at its best validation loss, and after its last epoch.</summary>
    public const string BestWeights = "best.weights", FinalWeights = "final.weights";

    /// <summary>A generator's weights after its last epoch (the DCGAN's or pix2pix's), and its discriminator's.</summary>
    public const string GeneratorWeights = "generator.weights", DiscriminatorWeights = "discriminator.weights";

    /// <summary>Written after every epoch; --resume continues from it.</summary>
    public const string Checkpoint = "checkpoint.bin";

    /// <summary>Losses per step and per epoch (CSV with a header row).</summary>
    public const string StepsCsv = "steps.csv", EpochsCsv = "epochs.csv";
}
