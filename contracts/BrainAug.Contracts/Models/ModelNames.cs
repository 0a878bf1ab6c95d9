using BrainAug.Contracts.Training;

namespace BrainAug.Contracts.Models;

/// <summary>The names a model is exported and served under when none is given: one per network kind.</summary>
public static class ModelNames
{
    public const string SegDnn = "seg-dnn", TumourGenerator = "tumour-generator", BrainGenerator = "brain-generator";

    public static string Default(NetworkKind kind) => kind switch
    {
        NetworkKind.Seg => SegDnn,
        NetworkKind.Tumour => TumourGenerator,
        NetworkKind.Brain => BrainGenerator,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
