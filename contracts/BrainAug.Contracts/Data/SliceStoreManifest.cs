namespace BrainAug.Contracts.Data;

/// <summary>
/// store.json: the index of a prepared slice store (brainaug-trainer prepare), written last, so a folder without it
/// is no store. It records how the slices were cut (modalities, normalisation, size, the slice policies whose slices
/// it holds) and a fingerprint of every source file (path, length, modification time), so a tool given the store
/// notices a changed dataset instead of reading stale slices.
/// </summary>
/// <remarks>
/// Each case's slices sit in their own file (<see cref="StoredCase.File"/>): a header of
/// <see cref="StoredCase.DataOffset"/> bytes (a multiple of 4096: the store's <see cref="OptionsKey"/> and the case's
/// entry as UTF-8 JSON, padded with spaces, so a rerun of prepare can reuse the file without decoding the case), then, for each
/// of <see cref="Sizes"/> in order, one record per stored slice in
/// <see cref="StoredCase.Slices"/> order: the image as little-endian float32, channel-major (channel, row, column),
/// normalised and resized as the options say, then the internal labels 0..3 (TumourLabels) as bytes, row-major,
/// then zero bytes up to a multiple of 16 (<see cref="RecordBytes"/>).
/// </remarks>
public sealed record SliceStoreManifest : IContract
{
    public const string FileName = "store.json";

    public static int CurrentSchemaVersion => 1;

    public static string Remedy => "prepare the store again: brainaug-trainer prepare";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The dataset folder the slices were cut from (full path).</summary>
    public required string Data { get; init; }

    /// <summary>Image channels, in order (flair, t1, t1ce, t2).</summary>
    public required IReadOnlyList<string> Modalities { get; init; }

    public required string Normalisation { get; init; }

    /// <summary>The sides stored, in pixels, ascending: every stored slice at each of them (the networks of one run
    /// train at different sizes; each case is still decoded once).</summary>
    public required IReadOnlyList<int> Sizes { get; init; }

    /// <summary>The slice policies (z77, tumour:20, max, all) whose slices the store holds: it holds their union.</summary>
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>Hash of the cases' fingerprints, in case order.</summary>
    public required string Fingerprint { get; init; }

    public required IReadOnlyList<StoredCase> Cases { get; init; }

    /// <summary>What a case file must have been written with to be reused: the options, not the sources.</summary>
    public static string OptionsKey(IReadOnlyList<string> modalities, string normalisation, IReadOnlyList<int> sizes, IReadOnlyList<string> policies) =>
        $"{string.Join(',', modalities)}|{normalisation}|{string.Join(',', sizes)}|{string.Join(',', policies)}";

    /// <summary>Where the records of size <paramref name="size"/> start in a case's file: after the header, the records of
    /// the smaller sizes.</summary>
    public long SectionOffset(StoredCase entry, int size) =>
        entry.DataOffset + Sizes.TakeWhile(s => s != size).Sum(s => entry.Slices.Count * RecordBytes(Modalities.Count, s));

    /// <summary>Bytes of one stored slice: image, labels, padding to 16.</summary>
    public static long RecordBytes(int channels, int size)
    {
        var bytes = (long)channels * size * size * sizeof(float) + (long)size * size;
        return (bytes + 15) / 16 * 16;
    }
}

/// <summary>One case of a slice store.</summary>
public sealed record StoredCase
{
    public required string Id { get; init; }

    /// <summary>Its slice file, relative to the store folder.</summary>
    public required string File { get; init; }

    /// <summary>Hash of the case's source files' paths (relative to the dataset), lengths and modification times.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Where the slice records start in <see cref="File"/> (after its header).</summary>
    public required long DataOffset { get; init; }

    /// <summary>Width of the source's axial plane in mm (voxel size along x times the voxels): a stored slice of side S has
    /// pixels of FieldOfView / S mm, which distances such as HD95 need.</summary>
    public required double FieldOfView { get; init; }

    /// <summary>Axial slices of the source volumes.</summary>
    public required int Depth { get; init; }

    /// <summary>The z indices stored, ascending: the records of the slice file, in order.</summary>
    public required IReadOnlyList<int> Slices { get; init; }

    /// <summary>Every slice with tumour, at the source's resolution: z and its voxels of WT, TC and ET (slices not listed
    /// have none). Slice policies are decided on these, as when cutting from the volumes.</summary>
    public required IReadOnlyList<TumourCount> Tumour { get; init; }
}

/// <summary>Tumour voxels of one source slice, per BraTS region.</summary>
public sealed record TumourCount(int Z, int Wt, int Tc, int Et);
