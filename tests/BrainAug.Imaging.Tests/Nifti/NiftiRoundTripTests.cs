using BrainAug.Imaging.Nifti;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Nifti;

public class NiftiRoundTripTests
{
    [Theory]
    [InlineData(NiftiDataType.UInt8, ".nii")]
    [InlineData(NiftiDataType.Int8, ".nii.gz")]
    [InlineData(NiftiDataType.Int16, ".nii.gz")]
    [InlineData(NiftiDataType.UInt16, ".nii")]
    [InlineData(NiftiDataType.Int32, ".nii")]
    [InlineData(NiftiDataType.UInt32, ".nii.gz")]
    [InlineData(NiftiDataType.Int64, ".nii")]
    [InlineData(NiftiDataType.UInt64, ".nii")]
    [InlineData(NiftiDataType.Float32, ".nii.gz")]
    [InlineData(NiftiDataType.Float64, ".nii")]
    public void WriteThenRead_SameValuesShapeAffine(NiftiDataType type, string extension)
    {
        using var temp = new TempDirectory();
        int[] shape = [5, 4, 3, 2];
        var values = TestVolumes.ExactValues(shape, type, scaled: false);
        var affine = TestVolumes.RotatedAffine();
        var path = temp.File("image" + extension);

        NiftiWriter.Write(path, NiftiImage.Create(shape, values, affine, type, "round trip"));
        var read = NiftiReader.Read(path);

        Assert.Equal(shape, read.Shape);
        Assert.Equal(type, read.Header.DataType);
        Assert.Equal(values, read.Data);
        Assert.Equal("round trip", read.Header.Description);
        for (var i = 0; i < 16; i++) Assert.Equal(affine[i / 4, i % 4], read.Affine[i / 4, i % 4], 4);
        for (var i = 0; i < 16; i++) Assert.Equal(affine[i / 4, i % 4], NiftiAffine.FromQform(read.Header)[i / 4, i % 4], 4);
    }

    [Fact]
    public void WriteInt16_ValuesOutOfRangeAreClampedAndRounded()
    {
        using var temp = new TempDirectory();
        var path = temp.File("clamp.nii");

        NiftiWriter.Write(path, NiftiImage.Create([4], [1e6f, -1e6f, 2.5f, float.NaN], NiftiAffine.Identity(), NiftiDataType.Int16));

        Assert.Equal([32767f, -32768f, 2f, 0f], NiftiReader.Read(path).Data);
    }

    [Fact]
    public void Write_LeavesNoTemporaryFileBehind()
    {
        using var temp = new TempDirectory();

        NiftiWriter.Write(temp.File("a.nii.gz"), NiftiImage.Create([2, 2], [1, 2, 3, 4], NiftiAffine.Identity(), NiftiDataType.Float32));

        Assert.Equal(["a.nii.gz"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }
}
