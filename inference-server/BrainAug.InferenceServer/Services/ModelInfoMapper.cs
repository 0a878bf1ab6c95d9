using BrainAug.Contracts;
using BrainAug.Contracts.Models;
using BrainAug.InferenceServer.Models;
using BrainAug.Protos.V1;

namespace BrainAug.InferenceServer.Services;

/// <summary>Maps a loaded version to its ListModels entry.</summary>
public static class ModelInfoMapper
{
    public static ModelInfo ToInfo(ModelVersion version, bool isDefault)
    {
        var info = new ModelInfo
        {
            Name = version.Name,
            Version = version.Version,
            IsDefault = isDefault,
            Network = Words.Of(version.Metadata.Network),
            Sha256 = version.Metadata.Sha256,
            Provider = version.Model.Provider,
            MetadataJson = version.MetadataJson,
        };
        info.Inputs.Add(version.Metadata.Inputs.Select(ToInfo));
        info.Outputs.Add(version.Metadata.Outputs.Select(ToInfo));
        return info;
    }

    private static TensorInfo ToInfo(TensorSpec tensor)
    {
        var info = new TensorInfo
        {
            Name = tensor.Name,
            Dtype = tensor.DataType == "float32" ? DataType.Float32 : DataType.Unspecified,
            Range = tensor.Range,
            Meaning = tensor.Meaning,
        };
        info.Shape.Add(tensor.Shape);
        return info;
    }
}
