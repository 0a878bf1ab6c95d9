using System.Globalization;
using System.Text;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Evaluation;
using BrainAug.Contracts.Training;

namespace BrainAug.Contracts.Models;

/// <summary>
/// model_card.md beside each version's model.onnx: what the model is, what it was trained on, how it scored, what it
/// is for and what it is not for, in the words of its run's contracts. The exporter writes it with the validation
/// figures; brainaug-client evaluate --model-cards adds the test figures (the experiment does so for every arm).
/// </summary>
public static class ModelCard
{
    public const string FileName = "model_card.md";

    /// <summary>Everything after this heading is the test section, replaced whenever the model is scored again.</summary>
    public const string TestHeading = "## Test metrics";

    public const string Notice = "**Research use only.** Not a medical device: not for diagnosis, treatment or any clinical decision.";

    /// <summary>What the exporter knows of the run beyond its config: its summary.json and split.json (null when the
    /// run folder has none) and, for a segmenter, the validation Dice of the epoch whose weights were kept.</summary>
    public sealed record RunFacts(RunSummary? Summary, SplitFile? Split, double? ValidationDice);

    public static string Create(ModelMetadata model, RunFacts run)
    {
        var card = new StringBuilder();
        card.AppendLine($"# Model card: {model.Model}, version {model.Version}").AppendLine().AppendLine(Notice).AppendLine();
        card.AppendLine("## Model").AppendLine();
        card.AppendLine($"- Network: {Network(model.TrainingConfig)}");
        foreach (var t in model.Inputs) card.AppendLine($"- Input `{t.Name}` [{Shape(t.Shape)}], {t.Range}: {t.Meaning}");
        foreach (var t in model.Outputs) card.AppendLine($"- Output `{t.Name}` [{Shape(t.Shape)}], {t.Range}: {t.Meaning}");
        card.AppendLine($"- Preparing inputs: {model.Normalisation}");
        card.AppendLine($"- Labels: {model.LabelConvention}");
        card.AppendLine($"- File: model.onnx (ONNX opset {model.Opset}, sha256 `{model.Sha256}`), agrees with the trained network to " +
                        $"{model.ParityMaxRelativeDifference:E1} (largest relative difference); exported by BrainAug {model.BrainAugVersion}");
        card.AppendLine().AppendLine("## Training data").AppendLine();
        AppendTraining(card, model, run);
        card.AppendLine().AppendLine("## Validation").AppendLine();
        AppendValidation(card, model.TrainingConfig, run);
        card.AppendLine().AppendLine("## Intended use").AppendLine().AppendLine(IntendedUse(model.TrainingConfig));
        card.AppendLine().AppendLine("## Limits").AppendLine();
        foreach (var limit in Limits(model.TrainingConfig)) card.AppendLine($"- {limit}");
        card.AppendLine().AppendLine(TestHeading).AppendLine();
        card.AppendLine(model.Network == NetworkKind.Seg
            ? "Not yet measured: `brainaug-client evaluate --split test --model-cards <repository>` writes them here."
            : "A generator has no test metrics of its own: the experiment's report measures what its synthetic pairs do for a segmenter.");
        return card.ToString();
    }

    /// <summary>Replaces the test section of the card in <paramref name="versionFolder"/> with these scores.</summary>
    public static void WriteTestMetrics(string versionFolder, IReadOnlyList<ModelScores> scores, EvaluationSummary evaluation, string summaryPath)
    {
        var path = Path.Combine(versionFolder, FileName);
        if (!File.Exists(path)) throw new ContractException($"{path} is missing: export the model with this build's brainaug-exporter to get its model card");
        var text = File.ReadAllText(path);
        var at = text.IndexOf(TestHeading, StringComparison.Ordinal);
        var card = new StringBuilder(at < 0 ? text.TrimEnd() + "\n\n" : text[..at]);
        card.AppendLine(TestHeading).AppendLine();
        card.AppendLine($"Scored by `{evaluation.CommandLine}` (BrainAug {evaluation.BrainAugVersion}) on the test cases of `{evaluation.Data}` " +
                        $"at threshold {Number(evaluation.Threshold)}; every figure is in `{summaryPath}`.").AppendLine();
        card.AppendLine("| region | images | cases | Dice | IoU | HD95 (mm) | precision | recall |");
        card.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var s in scores)
            card.AppendLine($"| {s.Region} | {s.Images} | {s.Cases} | {Cell(s.PerImage["dice"])} | {Cell(s.PerImage["iou"])} | {Cell(s.PerImage["hd95_mm"])} | " +
                            $"{Cell(s.PerImage["precision"])} | {Cell(s.PerImage["recall"])} |");
        card.AppendLine().AppendLine("Mean ± standard deviation over the test images; one training seed, so no interval over seeds (the experiment's report has them).");
        AtomicFile.WriteAllText(path, card.ToString());
    }

    private static void AppendTraining(StringBuilder card, ModelMetadata model, RunFacts run)
    {
        var config = model.TrainingConfig;
        card.AppendLine($"- Dataset: `{config.Data}` (fingerprint `{model.DatasetFingerprint[..Math.Min(12, model.DatasetFingerprint.Length)]}`)");
        card.AppendLine(run.Split is { } split
            ? $"- Split by case (seed {split.SplitSeed}): {split.Train.Count} training, {split.Validation.Count} validation, {split.Test.Count} test cases; the test cases were never trained on"
            : $"- Split by case: seed {config.SplitSeed}, validation {Number(config.Validation)}, test {Number(config.Test)} (the run folder's split.json was not found)");
        card.AppendLine($"- Slices: 2-D axial slices, policy `{config.Policy}`, {config.Size}x{config.Size} pixels, region `{Words.Of(config.Region)}`" +
                        (Modalities(config) is { } modalities ? $", modalities {modalities}" : ", label maps only"));
        if (run.Summary is { } summary)
            card.AppendLine($"- Trained on {summary.TrainingImages} images per epoch ({summary.RealTrainingImages} real) for {summary.EpochsRun} epochs, {summary.Device}, {Words.Of(summary.Precision)}");
        if (config is SegConfig { Synthetic: { } synthetic } seg)
            card.AppendLine($"- Synthetic pairs {(seg.SyntheticOnly ? "alone (no real slices)" : "added to the real slices")}" +
                            $"{(seg.TransformSynthetic ? ", each geometrically transformed once" : "")}: `{synthetic}`");
        if (config is SegConfig { Augment: not Augmentation.None } geometric)
            card.AppendLine($"- Geometric augmentation: {Words.Of(geometric.Augment)}" + (geometric.AugmentCopies > 0 ? $", {geometric.AugmentCopies} copies" : ""));
        card.AppendLine($"- Training command: `{config.Command}`");
    }

    private static void AppendValidation(StringBuilder card, TrainingConfig config, RunFacts run)
    {
        if (run.Summary?.BestValidationLoss is not { } loss)
        {
            card.AppendLine("No validation set is scored while this network trains (a GAN's losses do not measure its samples).");
            return;
        }
        var what = config.Kind == NetworkKind.Brain ? "L1 distance to the real slices (last epoch)" : "loss of the kept weights";
        card.AppendLine($"- Validation {what}: {Number(loss)}, on {run.Summary.ValidationImages} validation images");
        if (run.ValidationDice is { } dice) card.AppendLine($"- Validation Dice at that epoch: {Number(dice)}");
    }

    private static string Network(TrainingConfig config) => config switch
    {
        SegConfig seg => $"Seg-DNN, a U-Net (depth {seg.Depth}, base width {seg.BaseWidth}) that segments the `{Words.Of(seg.Region)}` target",
        BrainConfig { Inpaints: true } => "Brain Generator, a pix2pix generator (U-Net with a PatchGAN critic) trained to paint a tumour into a real slice",
        BrainConfig => "Brain Generator, a pix2pix generator (U-Net with a PatchGAN critic) that renders an MRI slice for a label map",
        TumourConfig tumour => $"Tumour Generator, a DCGAN generator: {tumour.NoiseSize}-d Gaussian noise to a tumour label map",
        _ => config.Kind.ToString(),
    };

    private static string IntendedUse(TrainingConfig config) => config.Kind switch
    {
        NetworkKind.Seg => "Research on segmentation and data augmentation: segmenting the trained region on slices prepared exactly as in " +
                           "training (same modalities, orientation, size and normalisation), and comparing training sets.",
        _ => "Making synthetic (slice, label) pairs to train segmenters in research, through brainaug-client augment; the pairs " +
             "are training material, not images to read.",
    };

    private static IEnumerable<string> Limits(TrainingConfig config)
    {
        yield return "Works on single 2-D axial slices, not on volumes; no 3-D context.";
        yield return "Trained on one dataset's cases; scanners, protocols, pathologies or preprocessing unlike them are untested.";
        if (config.Kind == NetworkKind.Seg)
            yield return "Probabilities are not calibrated; the threshold (0.5 by default) trades precision against recall.";
        else
            yield return "Samples can repeat features of the training cases; the experiment's report checks memorisation against unseen cases.";
        yield return "Not validated for any clinical purpose.";
    }

    private static string? Modalities(TrainingConfig config) => config switch
    {
        SegConfig seg => seg.Modalities,
        BrainConfig brain => brain.Modalities,
        _ => null,
    };

    private static string Shape(long[] shape) => string.Join(", ", shape.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture)));

    private static string Cell(Statistic s) => $"{Number(s.Mean)} ± {Number(s.Std)}";

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
