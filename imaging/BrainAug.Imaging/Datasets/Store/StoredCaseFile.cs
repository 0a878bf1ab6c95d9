using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using BrainAug.Contracts;
using BrainAug.Contracts.Data;
using Microsoft.Win32.SafeHandles;

namespace BrainAug.Imaging.Datasets.Store;

/// <summary>
/// One case's slice file (format in <see cref="SliceStoreManifest"/>'s remarks): "BAST", the header's length, the
/// header JSON padded to a multiple of 4096 bytes, then fixed-size records, so record k of a case is one positioned read.
/// Records are written in the machine's byte order, which the format fixes as little-endian (x86-64 and ARM64 are).
/// </summary>
internal static class StoredCaseFile
{
    private const int Alignment = 4096;
    private static readonly byte[] Magic = "BAST"u8.ToArray();
    private static readonly JsonSerializerOptions Compact = new(ContractFile.Json) { WriteIndented = false };

    /// <summary>What a case file says of itself: reused by a rerun of prepare when the key and fingerprint still match.</summary>
    public sealed record Header(string Options, StoredCase Case);

    /// <summary>The header, with the case's <see cref="StoredCase.DataOffset"/> set to where its records start.</summary>
    public static byte[] HeaderBytes(string optionsKey, StoredCase entry)
    {
        for (long offset = Alignment; ; offset += Alignment)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(new Header(optionsKey, entry with { DataOffset = offset }), Compact);
            if (8 + json.Length > offset) continue;
            var bytes = new byte[offset];
            bytes.AsSpan().Fill((byte)' ');
            Magic.CopyTo(bytes, 0);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), json.Length);
            json.CopyTo(bytes, 8);
            return bytes;
        }
    }

    /// <summary>Writes the case's file in one step (a temporary file renamed over it): a killed prepare leaves whole
    /// files or none.</summary>
    public static void Write(string path, byte[] header, BrainCase loaded, IReadOnlyList<int> slices, SliceStoreOptions options)
    {
        AtomicFile.Write(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            stream.Write(header);
            foreach (var size in options.Sizes)
            {
                var cutter = new SliceCutter(loaded, options.Modalities, options.Normalisation, size);
                var record = new byte[SliceStoreManifest.RecordBytes(options.Modalities.Count, size)];
                var imageBytes = options.Modalities.Count * size * size * sizeof(float);
                foreach (var z in slices)
                {
                    cutter.CutImage(z, MemoryMarshal.Cast<byte, float>(record.AsSpan(0, imageBytes)));
                    cutter.CutLabels(z, region: null).CopyTo(record, imageBytes);
                    stream.Write(record);
                }
            }
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>The header of a case file, or null when the file is missing or not one (a rerun then rewrites it).</summary>
    public static Header? TryReadHeader(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> start = stackalloc byte[8];
            if (file.ReadAtLeast(start, 8, throwOnEndOfStream: false) < 8 || !start[..4].SequenceEqual(Magic)) return null;
            var length = BinaryPrimitives.ReadInt32LittleEndian(start[4..]);
            if (length <= 0 || length > file.Length) return null;
            var json = new byte[length];
            file.ReadExactly(json);
            return JsonSerializer.Deserialize<Header>(json, Compact);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads <paramref name="bytes"/>.Length bytes of a case file from <paramref name="offset"/>.</summary>
    public static void Read(SafeFileHandle file, StoredCase entry, long offset, Span<byte> bytes, string path)
    {
        for (var done = 0; done < bytes.Length;)
        {
            var read = RandomAccess.Read(file, bytes[done..], offset + done);
            if (read == 0)
                throw new DatasetException($"slice store: {path} ends before the slices of case {entry.Id} do (truncated? prepare the store again)");
            done += read;
        }
    }

}
