namespace BrainAug.Clients.Connection;

/// <summary>
/// The calls the clients make, over brainaug.v1 or over the Open Inference Protocol (any OIP server holding the
/// exporter's repository, Triton included). The same arguments give the same bytes over either.
/// </summary>
public interface IInferenceProtocol : IDisposable
{
    /// <summary>Finds "name" or "name:version" (default version: the newest loaded) and its training config.</summary>
    Task<ServedModel> FindAsync(string reference, CancellationToken cancellation);

    /// <summary>Tumour masks (label_map > 0, uint8, count x channels x size²) of samples start..start+count-1 of seed.</summary>
    Task<byte[]> TumourMasksAsync(ServedModel model, ulong seed, ulong start, int count, CancellationToken cancellation);

    /// <summary>The brain generator's image ([-1, 1], modalities x size² per sample) for one condition.</summary>
    Task<float[]> GenerateBrainAsync(ServedModel model, float[] condition, CancellationToken cancellation);

    /// <summary>The Seg-DNN's probabilities for count images of channels x size².</summary>
    Task<float[]> SegmentAsync(ServedModel model, float[] images, int count, CancellationToken cancellation);
}

/// <summary>--protocol: which API the clients speak.</summary>
public static class InferenceProtocols
{
    public const string BrainAug = "brainaug";
    public const string Oip = "oip";

    public static readonly string[] Names = [BrainAug, Oip];

    /// <summary>The protocol by name; OIP carries no training config, so it reads each model's metadata.json from the
    /// repository, and can pass tensors through shared memory.</summary>
    public static IInferenceProtocol Create(string name, ServerConnection connection, string? repository, bool sharedMemory = false) => name switch
    {
        BrainAug when repository is not null => throw new ArgumentException("--repository is read only with --protocol oip (brainaug.v1 sends each model's metadata itself)"),
        BrainAug when sharedMemory => throw new ArgumentException("--shared-memory needs --protocol oip (shared memory is an Open Inference Protocol extension)"),
        BrainAug => new BrainAugProtocol(connection),
        Oip => new OpenInferenceProtocol(connection, repository
            ?? throw new ArgumentException("--protocol oip needs --repository: the model repository the server serves (the Open Inference Protocol carries no training config, so the client reads each model's metadata.json there)"),
            sharedMemory ? SharedMemoryFor(connection) : null),
        _ => throw new ArgumentException($"--protocol {name} must be {string.Join(" or ", Names)}"),
    };

    private static SharedMemorySlots SharedMemoryFor(ServerConnection connection)
    {
        SharedMemorySlots.CheckUsable(connection.Endpoints);
        return new SharedMemorySlots(connection);
    }
}
