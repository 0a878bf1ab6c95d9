using System.Buffers.Binary;
using System.Text;

namespace BrainAug.Imaging.Nifti;

/// <summary>Parses and validates the 348-byte NIfTI-1 header (either byte order), and writes it
/// (little-endian). Byte offsets are those of nifti1.h.</summary>
internal static class NiftiHeaderCodec
{
    private const int Nifti2HeaderSize = 540;

    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes, string path, long maxVoxels)
    {
        if (bytes.Length < NiftiHeader.Size)
            throw new NiftiFormatException(path, "sizeof_hdr", $"file ends after {bytes.Length} bytes, inside the {NiftiHeader.Size}-byte header");

        var bigEndian = DetectByteOrder(bytes, path);
        var reader = new FieldReader(bytes, bigEndian);
        CheckMagic(bytes, path);

        var header = new NiftiHeader { BigEndian = bigEndian };
        header.Shape = ParseShape(reader, path);
        var datatype = reader.Int16(70);
        if (!NiftiDataTypes.IsSupported(datatype))
            throw new NiftiFormatException(path, "datatype", $"code {datatype} is not a supported real scalar type (2,4,8,16,64,256,512,768,1024,1280)");
        header.DataType = (NiftiDataType)datatype;
        var bitpix = reader.Int16(72);
        if (bitpix != 8 * NiftiDataTypes.BytesPerVoxel(header.DataType))
            throw new NiftiFormatException(path, "bitpix", $"{bitpix} does not match datatype {header.DataType}");

        for (var i = 0; i < 8; i++) header.PixDim[i] = reader.Float(76 + 4 * i);
        header.VoxOffset = reader.Float(108);
        if (!float.IsFinite(header.VoxOffset) || header.VoxOffset < NiftiHeader.Size || header.VoxOffset > int.MaxValue)
            throw new NiftiFormatException(path, "vox_offset", $"{header.VoxOffset} is not a byte offset at or after the header");
        header.SclSlope = reader.Float(112);
        header.SclInter = reader.Float(116);
        header.XyztUnits = bytes[123];
        header.Description = Encoding.ASCII.GetString(bytes.Slice(148, 80)).TrimEnd('\0');
        header.QformCode = reader.Int16(252);
        header.SformCode = reader.Int16(254);
        header.QuaternB = reader.Float(256);
        header.QuaternC = reader.Float(260);
        header.QuaternD = reader.Float(264);
        header.QoffsetX = reader.Float(268);
        header.QoffsetY = reader.Float(272);
        header.QoffsetZ = reader.Float(276);
        for (var i = 0; i < 12; i++) header.SRows[i] = reader.Float(280 + 4 * i);

        if (header.VoxelCount > maxVoxels)
            throw new NiftiFormatException(path, "dim", $"{string.Join('x', header.Shape)} = {header.VoxelCount} voxels exceeds the limit of {maxVoxels}");
        NiftiHeaderRepair.Apply(header, path);
        return header;
    }

    public static byte[] Write(NiftiHeader header)
    {
        var bytes = new byte[NiftiHeader.Size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, NiftiHeader.Size);
        span[38] = (byte)'r'; // "regular", as NiBabel and nifti1_io write it
        BinaryPrimitives.WriteInt16LittleEndian(span[40..], (short)header.Shape.Length);
        for (var i = 0; i < 7; i++)
            BinaryPrimitives.WriteInt16LittleEndian(span[(42 + 2 * i)..], (short)(i < header.Shape.Length ? header.Shape[i] : 1));
        BinaryPrimitives.WriteInt16LittleEndian(span[70..], (short)header.DataType);
        BinaryPrimitives.WriteInt16LittleEndian(span[72..], (short)(8 * NiftiDataTypes.BytesPerVoxel(header.DataType)));
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(76 + 4 * i)..], header.PixDim[i]);
        BinaryPrimitives.WriteSingleLittleEndian(span[108..], header.VoxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(span[112..], header.SclSlope);
        BinaryPrimitives.WriteSingleLittleEndian(span[116..], header.SclInter);
        span[123] = header.XyztUnits;
        var description = Encoding.ASCII.GetBytes(header.Description);
        description.AsSpan(0, Math.Min(79, description.Length)).CopyTo(span[148..]);
        BinaryPrimitives.WriteInt16LittleEndian(span[252..], header.QformCode);
        BinaryPrimitives.WriteInt16LittleEndian(span[254..], header.SformCode);
        float[] quaternion = [header.QuaternB, header.QuaternC, header.QuaternD, header.QoffsetX, header.QoffsetY, header.QoffsetZ];
        for (var i = 0; i < 6; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(256 + 4 * i)..], quaternion[i]);
        for (var i = 0; i < 12; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(280 + 4 * i)..], header.SRows[i]);
        "n+1\0"u8.CopyTo(span[344..]);
        return bytes;
    }

    private static bool DetectByteOrder(ReadOnlySpan<byte> bytes, string path)
    {
        var little = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var big = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (little == NiftiHeader.Size) return false;
        if (big == NiftiHeader.Size) return true;
        if (little == Nifti2HeaderSize || big == Nifti2HeaderSize)
            throw new NiftiFormatException(path, "sizeof_hdr", "540 means NIfTI-2, which is not supported; convert to NIfTI-1");
        throw new NiftiFormatException(path, "sizeof_hdr", $"{little} (or {big} byte-swapped) is not 348: not a NIfTI-1 file");
    }

    private static void CheckMagic(ReadOnlySpan<byte> bytes, string path)
    {
        var magic = bytes.Slice(344, 4);
        if (magic.SequenceEqual("n+1\0"u8)) return;
        if (magic.SequenceEqual("ni1\0"u8))
            throw new NiftiFormatException(path, "magic", "'ni1' is a separate .hdr/.img pair, which is not supported; use a single .nii or .nii.gz file");
        throw new NiftiFormatException(path, "magic", $"'{Encoding.ASCII.GetString(magic).Replace("\0", "\\0")}' is not the NIfTI-1 magic 'n+1'");
    }

    private static int[] ParseShape(FieldReader reader, string path)
    {
        var rank = reader.Int16(40);
        if (rank is < 1 or > 7)
            throw new NiftiFormatException(path, "dim[0]", $"{rank} dimensions; NIfTI-1 allows 1 to 7");
        var shape = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = reader.Int16(42 + 2 * i);
            if (shape[i] < 1)
                throw new NiftiFormatException(path, $"dim[{i + 1}]", $"size {shape[i]} is not positive");
        }
        return shape;
    }

    /// <summary>Reads header fields in the file's byte order.</summary>
    private readonly ref struct FieldReader(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public short Int16(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt16LittleEndian(_bytes[offset..]);

        public float Float(int offset) => bigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadSingleLittleEndian(_bytes[offset..]);
    }
}
