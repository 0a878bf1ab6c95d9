using BrainAug.Contracts.Imaging;
using BrainAug.Contracts.Training;
using BrainAug.InferenceServer.Models;

namespace BrainAug.InferenceServer.Services;

/// <summary>Checks on input values that both protocols make before a model runs (INVALID_ARGUMENT on failure).</summary>
public static class InputChecks
{
    public static void Finite(ReadOnlySpan<float> values, string field)
    {
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                RpcErrors.InvalidArgument($"{field} holds {values[i]} at element {i}: values must be finite");
    }

    /// <summary>For an inpainting brain generator: each condition's region and label channels must be -1 or 1, its host in [-1, 1].</summary>
    public static void Inpainting(ModelVersion version, ReadOnlySpan<float> condition, int count, string field)
    {
        if (version.Metadata.TrainingConfig is not BrainConfig { Inpaints: true } config) return;
        var length = version.Model.SampleLength;
        for (var i = 0; i < count; i++)
            if (InpaintCondition.Problem(condition.Slice(i * length, length), config.ModalityCount, config.LabelChannels, config.Size) is { } problem)
                RpcErrors.InvalidArgument($"{field} sample {i}: {problem} ({Describe(version)} inpaints: host modalities, region, label)");
    }

    public static string Describe(ModelVersion version) => $"{version.Name} version {version.Version}";
}
