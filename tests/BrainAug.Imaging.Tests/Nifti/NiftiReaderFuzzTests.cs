using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using BrainAug.Imaging.Common;
using BrainAug.Imaging.Nifti;
using BrainAug.TestSupport;
using Xunit.Abstractions;

namespace BrainAug.Imaging.Tests.Nifti;

/// <summary>
/// Seeded fuzzing of the NIfTI reader: mutated headers, truncations, appended garbage and garbled or cut gzip
/// streams made from valid seed files. Every input must end in a valid read or a <see cref="NiftiFormatException"/>:
/// no other exception, no hang, no allocation above the cap, and no valid read with a non-finite or degenerate
/// affine or non-finite values in an integer image. The normal suite runs 3,000 inputs (at most 30 s);
/// BRAINAUG_FUZZ_INPUTS=200000 runs a long campaign.
/// </summary>
public class NiftiReaderFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const long AllocationCap = 64L << 20;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MutatedFiles_EndInAValidReadOrTheTypedException()
    {
        var inputs = int.TryParse(Environment.GetEnvironmentVariable("BRAINAUG_FUZZ_INPUTS"), out var n) ? n : 3_000;
        var budget = inputs > 3_000 ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(30);
        var seeds = SeedFiles();
        var random = new SeededRandom(20261125);
        var path = _temp.File("fuzz.nii");
        var (valid, refused, tried) = (0, 0, 0);
        var clock = Stopwatch.StartNew();

        for (; tried < inputs && clock.Elapsed < budget; tried++)
        {
            var (bytes, how) = Mutate(seeds[random.NextInt(0, seeds.Count)], random);
            File.WriteAllBytes(path, bytes);
            var read = ReadOnItsOwnThread(path, TimeSpan.FromSeconds(10));
            Assert.True(read is not null, $"input {tried} ({how}) hung the reader");
            var (error, allocated) = read.Value;
            Assert.True(allocated < AllocationCap, $"input {tried} ({how}) allocated {allocated >> 20} MiB for a {bytes.Length}-byte file");
            if (error is null) valid++;
            else if (error is NiftiFormatException) refused++;
            else Assert.Fail($"input {tried} ({how}) threw {error.GetType().Name}: {error.Message}");
        }

        output.WriteLine($"{tried} inputs in {clock.Elapsed.TotalSeconds:F1} s: {valid} read, {refused} refused with NiftiFormatException");
        Assert.True(tried >= Math.Min(inputs, 1_000), $"only {tried} inputs ran in the time budget");
        Assert.True(refused > tried / 10, "the mutations hardly ever produced a bad file: the fuzzer is not exercising the reader");
    }

    /// <summary>
    /// <see cref="ReadMeasured"/> on a thread of its own, or null if it has not finished within the limit. Not on the
    /// thread pool: there a read could wait behind the other test classes' work for longer than the limit before it
    /// started (seen once in CI on a loaded 2-core machine), which is not a hang of the reader.
    /// </summary>
    private static (Exception? Error, long Allocated)? ReadOnItsOwnThread(string path, TimeSpan limit)
    {
        (Exception?, long) result = default;
        var thread = new Thread(() => result = ReadMeasured(path)) { IsBackground = true }; // a hung read must not keep the test host alive
        thread.Start();
        return thread.Join(limit) ? result : null;
    }

    /// <summary>Reads the file; a read that succeeds must also make sense (<see cref="Nonsense"/>), else it counts as a failure.</summary>
    private static (Exception? Error, long Allocated) ReadMeasured(string path)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var image = NiftiReader.Read(path, maxVoxels: 1L << 24);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return (Nonsense(image) is { } problem ? new InvalidDataException(problem) : null, allocated);
        }
        catch (Exception e)
        {
            return (e, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    /// <summary>A silent wrong answer in a read that succeeded: an affine that is not finite or has a zero-length
    /// voxel axis (no voxel size), or an integer image with non-finite values (scaling gone wrong).</summary>
    private static string? Nonsense(NiftiImage image)
    {
        var affine = image.Affine;
        for (var i = 0; i < 16; i++)
            if (!double.IsFinite(affine[i / 4, i % 4])) return $"affine[{i / 4},{i % 4}] is {affine[i / 4, i % 4]}";
        for (var axis = 0; axis < 3; axis++)
            if (affine[0, axis] == 0 && affine[1, axis] == 0 && affine[2, axis] == 0) return $"voxel axis {axis} has zero length";
        if (NiftiDataTypes.IsInteger(image.Header.DataType) && Array.FindIndex(image.Data, v => !float.IsFinite(v)) is var bad and >= 0)
            return $"integer image reads {image.Data[bad]} at voxel {bad}";
        return null;
    }

    /// <summary>Valid files of several types, shapes and compressions; int16 ones scaled; each orientation kind
    /// (sform, qform only, none), so that mutations reach every affine the reader can build.</summary>
    private List<byte[]> SeedFiles()
    {
        var seeds = new List<byte[]>();
        var shapes = new[] { new[] { 4, 3, 2 }, new[] { 5, 4, 3, 2 }, new[] { 7 } };
        var types = new[] { NiftiDataType.Float32, NiftiDataType.Int16, NiftiDataType.UInt8, NiftiDataType.Float64 };
        var affine = new double[,] { { 1.5, 0, 0, -3 }, { 0, 2, 0, 4 }, { 0, 0, 2.5, 1 }, { 0, 0, 0, 1 } };
        var i = 0;
        foreach (var shape in shapes)
            foreach (var type in types)
                for (var orientation = 0; orientation < 3; orientation++)
                {
                    var data = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(v => (float)(v % 50)).ToArray();
                    var image = NiftiImage.Create(shape, data, affine, type);
                    if (type == NiftiDataType.Int16) (image.Header.SclSlope, image.Header.SclInter) = (0.5f, -3f);
                    if (orientation >= 1) image.Header.SformCode = 0;
                    if (orientation == 2) image.Header.QformCode = 0;
                    var file = _temp.File($"seed{i++}{(i % 2 == 0 ? ".nii.gz" : ".nii")}");
                    NiftiWriter.Write(file, image);
                    seeds.Add(File.ReadAllBytes(file));
                }
        return seeds;
    }

    private static (byte[] Bytes, string How) Mutate(byte[] seed, SeededRandom random)
    {
        var gzipped = seed.Length > 2 && seed[0] == 0x1f && seed[1] == 0x8b;
        var plain = gzipped ? Gunzip(seed) : (byte[])seed.Clone();
        var kind = random.NextInt(0, 7);
        var (bytes, how) = kind switch
        {
            0 => FlipBytes(plain, random, Math.Min(plain.Length, 352)),
            1 => ExtremeField(plain, random),
            2 => InvalidFloat(plain, random),
            6 => (plain[..random.NextInt(0, plain.Length)], "truncated"),
            3 => ([.. plain, .. Enumerable.Range(0, random.NextInt(1, 64)).Select(_ => (byte)random.NextInt(0, 256))], "garbage appended"),
            4 => FlipBytes(Gzip(plain), random, int.MaxValue),
            _ => (Gzip(plain)[..random.NextInt(0, Gzip(plain).Length)], "gzip cut"),
        };
        // Header mutations are also tried inside a gzip stream half of the time.
        return kind <= 2 && random.NextInt(0, 2) == 0 ? (Gzip(bytes), how + ", gzipped") : (bytes, how);
    }

    private static (byte[], string) FlipBytes(byte[] bytes, SeededRandom random, int within)
    {
        var copy = (byte[])bytes.Clone();
        var flips = random.NextInt(1, 5);
        for (var f = 0; f < flips; f++) copy[random.NextInt(0, Math.Min(within, copy.Length))] ^= (byte)random.NextInt(1, 256);
        return (copy, $"{flips} bytes flipped");
    }

    /// <summary>A header field set to a boundary value: dims, datatype, bitpix, vox_offset, scaling, sizeof_hdr, magic.</summary>
    private static (byte[], string) ExtremeField(byte[] bytes, SeededRandom random)
    {
        var copy = (byte[])bytes.Clone();
        short[] shorts = [0, -1, 1, 7, 8, 9, short.MaxValue, short.MinValue];
        float[] floats = [0, -1, 1e30f, float.NaN, float.PositiveInfinity, 351, 352, 353, 1e9f];
        var field = random.NextInt(0, 6);
        switch (field)
        {
            case 0: // dim[0..7]
                BinaryPrimitives.WriteInt16LittleEndian(copy.AsSpan(40 + 2 * random.NextInt(0, 8)), shorts[random.NextInt(0, shorts.Length)]);
                break;
            case 1: // datatype
                BinaryPrimitives.WriteInt16LittleEndian(copy.AsSpan(70), shorts[random.NextInt(0, shorts.Length)]);
                break;
            case 2: // bitpix
                BinaryPrimitives.WriteInt16LittleEndian(copy.AsSpan(72), shorts[random.NextInt(0, shorts.Length)]);
                break;
            case 3: // vox_offset
                BinaryPrimitives.WriteSingleLittleEndian(copy.AsSpan(108), floats[random.NextInt(0, floats.Length)]);
                break;
            case 4: // scl_slope, scl_inter
                BinaryPrimitives.WriteSingleLittleEndian(copy.AsSpan(112 + 4 * random.NextInt(0, 2)), floats[random.NextInt(0, floats.Length)]);
                break;
            default: // sizeof_hdr
                BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(0), random.NextInt(0, 2) == 0 ? 540 : random.NextInt(-1000, 1000));
                break;
        }
        return (copy, $"header field {field} set to an extreme");
    }

    /// <summary>Every float field of the header, by byte offset (nifti1.h), except vox_offset (mutated above).</summary>
    private static readonly (string Name, int Offset)[] FloatFields =
    [
        ("intent_p1", 56), ("intent_p2", 60), ("intent_p3", 64),
        .. Enumerable.Range(0, 8).Select(i => ($"pixdim[{i}]", 76 + 4 * i)),
        ("scl_slope", 112), ("scl_inter", 116), ("cal_max", 124), ("cal_min", 128), ("slice_duration", 132), ("toffset", 136),
        ("quatern_b", 256), ("quatern_c", 260), ("quatern_d", 264), ("qoffset_x", 268), ("qoffset_y", 272), ("qoffset_z", 276),
        .. Enumerable.Range(0, 12).Select(i => ($"srow_{"xyz"[i / 4]}[{i % 4}]", 280 + 4 * i)),
    ];

    /// <summary>One to three float fields set to zero, a negative, a huge or a non-finite value.</summary>
    private static (byte[], string) InvalidFloat(byte[] plain, SeededRandom random)
    {
        var bytes = (byte[])plain.Clone();
        float[] values = [0, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -1, -0.5f, 2, 1e30f, -1e30f, 1e-30f, 1e38f];
        var changed = new List<string>();
        for (var n = random.NextInt(1, 4); n > 0; n--)
        {
            var (name, offset) = FloatFields[random.NextInt(0, FloatFields.Length)];
            var value = values[random.NextInt(0, values.Length)];
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), value);
            changed.Add($"{name}={value}");
        }
        return (bytes, $"float fields {string.Join(", ", changed)}");
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest)) gzip.Write(bytes);
        return memory.ToArray();
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
