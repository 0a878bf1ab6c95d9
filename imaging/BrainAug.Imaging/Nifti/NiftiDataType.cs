namespace BrainAug.Imaging.Nifti;

/// <summary>The NIfTI-1 <c>datatype</c> codes this library reads and writes (real scalar types).</summary>
public enum NiftiDataType : short
{
    UInt8 = 2,
    Int16 = 4,
    Int32 = 8,
    Float32 = 16,
    Float64 = 64,
    Int8 = 256,
    UInt16 = 512,
    UInt32 = 768,
    Int64 = 1024,
    UInt64 = 1280,
}

public static class NiftiDataTypes
{
    /// <summary>Bytes per voxel; 0 for a code this library does not support.</summary>
    public static int BytesPerVoxel(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 or NiftiDataType.Int64 or NiftiDataType.UInt64 => 8,
        _ => 0,
    };

    public static bool IsSupported(short code) => BytesPerVoxel((NiftiDataType)code) != 0;

    public static bool IsInteger(NiftiDataType type) => type is not (NiftiDataType.Float32 or NiftiDataType.Float64);

    /// <summary>The range an integer type can hold, used to clamp values on write.</summary>
    public static (double Min, double Max) Range(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 => (byte.MinValue, byte.MaxValue),
        NiftiDataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        NiftiDataType.Int16 => (short.MinValue, short.MaxValue),
        NiftiDataType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        NiftiDataType.Int32 => (int.MinValue, int.MaxValue),
        NiftiDataType.UInt32 => (uint.MinValue, uint.MaxValue),
        NiftiDataType.Int64 => (long.MinValue, long.MaxValue),
        NiftiDataType.UInt64 => (ulong.MinValue, ulong.MaxValue),
        _ => (double.NegativeInfinity, double.PositiveInfinity),
    };
}
