using System.Security.Cryptography;
using BrainAug.Contracts.Models;
using BrainAug.Contracts.Training;
using BrainAug.Exporter.Repository;

namespace BrainAug.Benchmarks;

/// <summary>Publishes a random-weight graph to a model repository, so brainaug-server serves what the in-process rows run.</summary>
public static class BenchmarkModels
{
    public static void Publish(string repository, string model, TrainingConfig trainingConfig, byte[] onnx, TensorSpec input, IReadOnlyList<TensorSpec> outputs) =>
        ModelRepository.Publish(repository, new ModelMetadata
        {
            Model = model, Version = 1, Network = trainingConfig.Kind, Inputs = [input], Outputs = outputs,
            Normalisation = "benchmark: random weights", LabelConvention = "", TrainingRun = "none (random weights, seed 1)", WeightsFile = "",
            TrainingConfig = trainingConfig, DatasetFingerprint = "unavailable", Sha256 = Convert.ToHexStringLower(SHA256.HashData(onnx)),
            ParityMaxRelativeDifference = 0, Opset = BrainAug.Exporter.Onnx.OnnxGraphBuilder.Opset, ExportCommand = "brainaug-benchmarks",
        }, onnx, $"# {model}: random weights for the benchmark, never trained\n", 64);
}
