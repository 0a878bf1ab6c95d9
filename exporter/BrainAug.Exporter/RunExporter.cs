using System.Security.Cryptography;
using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.Exporter.Onnx;
using BrainAug.Exporter.Repository;
using BrainAug.Networks;
using Google.Protobuf;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainAug.Exporter;

/// <summary>A run folder or model that cannot be exported; the message says which file and why.</summary>
public sealed class ExportException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What to export and where.</summary>
public sealed record ExportRequest(string RunFolder, string Repository, string? Model = null, int? Version = null, string Weights = "best", int MaxBatchSize = 64, string Command = "");

/// <summary>
/// Reads a trainer run (config.json + weights), rebuilds its network, writes the ONNX graph, checks parity
/// with ONNX Runtime at batch 1 and 4, and publishes a new version to the model repository, unless a version of the
/// model already holds the same graph (same sha256) and no version was asked for: then that version is the result.
/// </summary>
public static class RunExporter
{
    public static (string Folder, ModelMetadata Metadata) Export(ExportRequest request)
    {
        var configPath = Path.Combine(request.RunFolder, TrainingConfig.FileName);
        if (!Directory.Exists(request.RunFolder))
            throw new ExportException($"run folder {request.RunFolder} does not exist");
        if (!File.Exists(configPath))
            throw new ExportException($"{request.RunFolder} holds no config.json: not a brainaug-trainer run folder");
        var config = ReadConfig(configPath);
        Nnpack.Disable(); // the parity check runs the network in libtorch
        var exported = config switch
        {
            SegConfig seg => ExportSeg(request, seg),
            TumourConfig tumour => ExportTumour(request, tumour),
            BrainConfig brain => ExportBrain(request, brain),
            _ => throw new ExportException($"{configPath} is not a seg, tumour or brain run configuration"),
        };
        using var network = exported.Network;
        var parity = ParityCheck.Verify(exported.Graph, network, exported.Inputs[0].Shape[1..], [1, 4]);

        var onnx = exported.Graph.ToByteArray();
        var model = request.Model ?? exported.DefaultModelName;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(onnx));
        // Exporting the same weights again (a rerun after a crash) reuses their version instead of adding a duplicate.
        if (request.Version is null && ModelRepository.FindVersion(request.Repository, model, sha256) is { } published) return published;
        var version = request.Version ?? ModelRepository.NextVersion(request.Repository, model);
        var metadata = new ModelMetadata
        {
            Model = model,
            Version = version,
            Network = config.Kind,
            Inputs = exported.Inputs,
            Outputs = exported.Outputs,
            Normalisation = exported.Normalisation,
            LabelConvention = "internal labels: 0 background, 1 necrotic/non-enhancing core, 2 edema, 3 enhancing; regions WT (1,2,3), TC (1,3), ET (3)",
            TrainingRun = Path.GetFullPath(request.RunFolder),
            WeightsFile = exported.WeightsFile,
            TrainingConfig = config,
            DatasetFingerprint = DatasetFingerprint(config.Data),
            Sha256 = sha256,
            ParityMaxRelativeDifference = parity,
            Opset = OnnxGraphBuilder.Opset,
            ExportCommand = request.Command,
            BrainAugVersion = ProductVersion.Current,
        };
        var card = ModelCard.Create(metadata, RunFacts(request.RunFolder, config, request.Weights));
        return (ModelRepository.Publish(request.Repository, metadata, onnx, card, request.MaxBatchSize), metadata);
    }

    /// <summary>The run's summary.json and split.json (null when missing), and for a segmenter the validation Dice of
    /// the exported weights' epoch (best: the lowest validation loss, final: the last) from epochs.csv.</summary>
    private static ModelCard.RunFacts RunFacts(string runFolder, TrainingConfig config, string weights)
    {
        var summaryPath = Path.Combine(runFolder, RunSummary.FileName);
        var splitPath = Path.Combine(runFolder, SplitFile.FileName);
        var summary = File.Exists(summaryPath) ? ContractFile.Read<RunSummary>(summaryPath) : null;
        var split = File.Exists(splitPath) ? ContractFile.Read<SplitFile>(splitPath) : null;
        var epochs = Path.Combine(runFolder, TrainingRunFiles.EpochsCsv);
        return new ModelCard.RunFacts(summary, split, config is SegConfig && File.Exists(epochs) ? ValidationDice(epochs, weights) : null);
    }

    /// <summary>The Seg-DNN's validation Dice at the exported weights' epoch; null before its first epoch ended.</summary>
    private static double? ValidationDice(string epochsCsv, string weights)
    {
        var history = EpochHistory.Read(epochsCsv, "validation_loss", "validation_dice");
        var (losses, dice) = (history["validation_loss"], history["validation_dice"]);
        if (losses.Count == 0) return null;
        return dice[weights == "final" ? losses.Count - 1 : losses.IndexOf(losses.Min())];
    }

    private sealed record Exported(
        nn.Module<Tensor, Tensor> Network, global::Onnx.ModelProto Graph, IReadOnlyList<TensorSpec> Inputs,
        IReadOnlyList<TensorSpec> Outputs, string Normalisation, string DefaultModelName, string WeightsFile);

    private static Exported ExportSeg(ExportRequest request, SegConfig config)
    {
        var channels = config.ModalityCount;
        var classes = config.SegChannels;
        var weights = Path.Combine(request.RunFolder, request.Weights == "final" ? TrainingRunFiles.FinalWeights : TrainingRunFiles.BestWeights);
        var network = LoadWeights(new UNet(channels, classes, config.BaseWidth, config.Depth), weights);
        long[] image = [-1, channels, config.Size, config.Size], output = [-1, classes, config.Size, config.Size];
        return new Exported(network, NetworkGraphs.UNet(network, channels, classes, config.Size, softmax: config.MultiClass),
            [new TensorSpec("image", "float32", image, "[0, 1]", $"MRI slice, channels {config.Modalities}")],
            [
                new TensorSpec("logits", "float32", output, "real", LogitsMeaning(config)),
                new TensorSpec("probability", "float32", output, "[0, 1]", config.MultiClass ? "softmax over classes; argmax gives the label" : "sigmoid(logits) per channel; the study thresholds at 0.5"),
                new TensorSpec("features", "float32", [-1, network.BottleneckChannels], "real", "bottleneck activations averaged over space (encoder embedding)"),
            ],
            "image: each channel min-max normalised per volume to [0, 1] (as the trainer's slices); background 0",
            ModelNames.SegDnn, Path.GetFileName(weights));
    }

    private static string LogitsMeaning(SegConfig config) => config.Region switch
    {
        TargetRegion.Multiclass => "logit per internal class (background, core, edema, enhancing)",
        TargetRegion.Regions => "logit per BraTS region, channels WT, TC, ET (nested; a pixel may be in several)",
        _ => $"region {Words.Of(config.Region)} logit per pixel",
    };

    private static Exported ExportTumour(ExportRequest request, TumourConfig config)
    {
        var channels = config.LabelChannels;
        var weights = Path.Combine(request.RunFolder, TrainingRunFiles.GeneratorWeights);
        var network = LoadWeights(new DcganGenerator(config.NoiseSize, config.Size, config.GeneratorWidth, channels), weights);
        long[] output = [-1, channels, config.Size, config.Size];
        return new Exported(network, NetworkGraphs.DcganGenerator(network, config.NoiseSize, channels, config.Size),
            [new TensorSpec("noise", "float32", [-1, config.NoiseSize, 1, 1], "standard normal", "one N(0, 1) vector per sample; seed it for reproducible masks")],
            [
                new TensorSpec("label_map", "float32", output, "[-1, 1]", channels == 1 ? $"region {Words.Of(config.Region)}" : "one-hot channels: core, edema, enhancing"),
                new TensorSpec("mask", "float32", output, "{0, 1}", "label_map > 0, the study's threshold"),
            ],
            "noise: N(0, 1); label_map: tanh output, threshold at 0 (done in 'mask')",
            ModelNames.TumourGenerator, Path.GetFileName(weights));
    }

    private static Exported ExportBrain(ExportRequest request, BrainConfig config)
    {
        var imageChannels = config.ModalityCount;
        var weights = Path.Combine(request.RunFolder, TrainingRunFiles.GeneratorWeights);
        var labels = config.InternalLabels ? "core, edema, enhancing" : Words.Of(config.Region);
        var (network, graph, condition) = config.Inpaints
            ? InpaintingExport(config, weights, labels)
            : Pix2PixExport(config, weights, labels);
        return new Exported(network, graph,
            [new TensorSpec("condition", "float32", [-1, config.ConditionChannels, config.Size, config.Size], config.Inpaints ? "host [-1, 1]; region, label {-1, 1}" : "{-1, 1}", condition)],
            [new TensorSpec("image", "float32", [-1, imageChannels, config.Size, config.Size], "[-1, 1]",
                config.Inpaints ? $"the host slice with the region painted, channels {config.Modalities}; outside the region exactly the host" : $"generated slice, channels {config.Modalities}")],
            config.Inpaints
                ? "condition: host slice as 2x - 1 of the trainer's [0, 1] scale, region and label 1 inside, -1 outside (region = label dilated by " +
                  $"{config.RegionMargin} px, inside the host's brain); image: (x + 1) / 2 gives the trainer's [0, 1] min-max scale"
                : "condition: 1 inside, -1 outside; image: (x + 1) / 2 gives the trainer's [0, 1] min-max scale",
            ModelNames.BrainGenerator, Path.GetFileName(weights));
    }

    private static (nn.Module<Tensor, Tensor>, global::Onnx.ModelProto, string) Pix2PixExport(BrainConfig config, string weights, string labels)
    {
        var network = LoadWeights(new Pix2PixGenerator(config.ConditionChannels, config.ModalityCount, config.Downs, config.GeneratorWidth), weights);
        return (network, NetworkGraphs.Pix2PixGenerator(network, config.ConditionChannels, config.ModalityCount, config.Size),
            $"tumour label channels ({labels}){(config.WithOutline ? " then the brain outline of a real slice" : "")}");
    }

    private static (nn.Module<Tensor, Tensor>, global::Onnx.ModelProto, string) InpaintingExport(BrainConfig config, string weights, string labels)
    {
        var network = LoadWeights(new InpaintingGenerator(config.ModalityCount, config.LabelChannels, config.Downs, config.GeneratorWidth), weights);
        return (network, NetworkGraphs.InpaintingGenerator(network, config.ConditionChannels, config.Size),
            $"host slice channels ({config.Modalities}), then the region to paint, then the tumour label channels ({labels})");
    }

    /// <summary>Reads a run config strictly: another schema version, or a property this version does not know, is an
    /// error, never a silently defaulted value.</summary>
    private static TrainingConfig ReadConfig(string path)
    {
        try
        {
            return ContractFile.Read<TrainingConfig>(path);
        }
        catch (ContractException e)
        {
            throw new ExportException(e.Message, e);
        }
    }

    private static TNetwork LoadWeights<TNetwork>(TNetwork network, string path) where TNetwork : nn.Module
    {
        if (!File.Exists(path))
        {
            network.Dispose();
            throw new ExportException($"weights file {path} does not exist (has the run finished?)");
        }
        try
        {
            network.load(path);
            network.eval();
            return network;
        }
        catch (Exception e) when (e is not ExportException)
        {
            network.Dispose();
            throw new ExportException($"weights file {path} is corrupt or does not match the network in config.json: {e.Message}", e);
        }
    }

    /// <summary>sha256 over the relative paths and sizes of the dataset's files (cheap, catches added/changed cases).</summary>
    private static string DatasetFingerprint(string dataFolder)
    {
        if (!Directory.Exists(dataFolder)) return "unavailable";
        var lines = Directory.GetFiles(dataFolder, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(dataFolder, f)}\t{new FileInfo(f).Length}")
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }
}
