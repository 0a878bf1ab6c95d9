using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;
using BrainAug.TestSupport;

namespace BrainAug.Imaging.Tests.Datasets;

public class BrainDatasetTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void OpenBrats_FindsCasesIncludingHggLggGroups()
    {
        TinyDatasets.WriteBrats(_temp.File("HGG"), "Brats18_B_1", "Brats18_A_2");
        TinyDatasets.WriteBrats(_temp.File("LGG"), "Brats18_C_3");
        TinyDatasets.WriteBrats(_temp.File(".cache"), "Brats18_D_4"); // hidden folders are never cases

        var dataset = BrainDataset.Open(_temp.Path);

        Assert.Equal(DatasetLayout.Brats, dataset.Layout);
        Assert.Equal(["Brats18_A_2", "Brats18_B_1", "Brats18_C_3"], dataset.Cases.Select(c => c.Id));
    }

    [Fact]
    public void LoadBrats_ImagesAsStoredAndLabelsInInternalConvention()
    {
        TinyDatasets.WriteBrats(_temp.Path, "case0");

        var loaded = BrainDataset.Open(_temp.Path).Cases[0].Load([Modality.T2, Modality.Flair]);

        Assert.Equal(TinyDatasets.Shape, loaded.Shape);
        Assert.Equal([Modality.Flair, Modality.T2], loaded.Images.Keys.Order());
        AssertCaseContent(loaded, caseIndex: 0);
    }

    [Fact]
    public void LoadMsd_ChannelsAndLabelsMappedLikeBrats()
    {
        TinyDatasets.WriteMsd(_temp.Path, "BRATS_001", "BRATS_002");
        File.WriteAllBytes(_temp.File("imagesTr/._BRATS_001.nii.gz"), [0, 5, 22, 7]); // macOS junk in the real archive

        var dataset = BrainDataset.Open(_temp.Path);
        var loaded = dataset.Cases[1].Load([Modality.T2, Modality.Flair]);

        Assert.Equal(DatasetLayout.Msd, dataset.Layout);
        Assert.Equal(["BRATS_001", "BRATS_002"], dataset.Cases.Select(c => c.Id));
        AssertCaseContent(loaded, caseIndex: 1);
    }

    /// <summary>Case ids of every BraTS 2023 cohort: adult glioma, meningioma, metastases, paediatric, Sub-Saharan Africa.</summary>
    private static readonly string[] Cohorts2023 = ["BraTS-GLI-00000-000", "BraTS-MEN-00004-000", "BraTS-MET-00001-000", "BraTS-PED-00002-000", "BraTS-SSA-00003-000"];

    [Fact]
    public void LoadBrats2023_EveryCohort_ModalitiesByNameAndLabelsInInternalConvention()
    {
        TinyDatasets.WriteBrats2023(_temp.Path, Cohorts2023);

        var dataset = BrainDataset.Open(_temp.Path);

        Assert.Equal(DatasetLayout.Brats2023, dataset.Layout);
        Assert.Equal(Cohorts2023.Order(StringComparer.Ordinal), dataset.Cases.Select(c => c.Id));
        for (var k = 0; k < Cohorts2023.Length; k++)
        {
            var loaded = dataset.Cases.Single(c => c.Id == Cohorts2023[k]).Load(Modalities.All);
            AssertCaseContent(loaded, caseIndex: k); // t2f is FLAIR, t1n T1, t1c T1ce, t2w T2; 1 NETC, 2 SNFH, 3 ET
        }
    }

    [Fact]
    public void OpenBrats_MixedReleases_OneErrorNamingTheCase()
    {
        TinyDatasets.WriteBrats(_temp.Path, "Brats21_A_1");
        TinyDatasets.WriteBrats2023(_temp.Path, "BraTS-GLI-00001-000");

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path));

        // Ordinal order puts "BraTS-" before "Brats21": the first case sets the release.
        Assert.StartsWith("case Brats21_A_1 uses the BraTS 2018-2021 naming (Brats21_A_1_t1ce.nii.gz)", error.Message);
        Assert.Contains("case BraTS-GLI-00001-000 the BraTS 2023+ naming (BraTS-GLI-00001-000-t1c.nii.gz)", error.Message);
    }

    [Fact]
    public void OpenBrats_BothNamingsInOneCase_ErrorNamesCase()
    {
        TinyDatasets.WriteBrats2023(_temp.Path, "BraTS-MET-00001-000");
        File.Copy(_temp.File("BraTS-MET-00001-000/BraTS-MET-00001-000-seg.nii.gz"), _temp.File("BraTS-MET-00001-000/BraTS-MET-00001-000_seg.nii.gz"));

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path));

        Assert.StartsWith("case BraTS-MET-00001-000: holds both", error.Message);
    }

    [Fact]
    public void OpenBrats_UnknownNaming_ErrorNamesCaseAndBothNamings()
    {
        TinyDatasets.WriteBrats2023(_temp.Path, "BraTS-PED-00001-000");
        foreach (var file in Directory.GetFiles(_temp.File("BraTS-PED-00001-000")))
            File.Move(file, file.Replace("-000-", "-000.", StringComparison.Ordinal)); // BraTS-PED-00001-000.t1c.nii.gz

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path));

        Assert.StartsWith("case BraTS-PED-00001-000: no BraTS segmentation", error.Message);
        Assert.Contains("BraTS-PED-00001-000_seg.nii.gz", error.Message);
        Assert.Contains("BraTS-PED-00001-000-seg.nii.gz", error.Message);
    }

    [Fact]
    public void LoadBrats2023_MissingModalityOrLabelFour_ErrorsNameCase()
    {
        TinyDatasets.WriteBrats2023(_temp.Path, "BraTS-SSA-00001-000", "BraTS-GLI-00002-000");
        var seg = Enumerable.Range(0, TinyDatasets.VoxelCount).Select(v => v == 7 ? 4f : 0f).ToArray(); // 4: BraTS 2024's resection cavity
        TinyDatasets.Write(_temp.File("BraTS-GLI-00002-000/BraTS-GLI-00002-000-seg.nii.gz"), TinyDatasets.Shape, seg, Imaging.Nifti.NiftiDataType.UInt8);

        var labelError = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path).Cases[0].Load([Modality.T1ce]));
        File.Delete(_temp.File("BraTS-SSA-00001-000/BraTS-SSA-00001-000-t2w.nii.gz"));
        var missing = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path));

        Assert.Equal("case BraTS-GLI-00002-000: label value 4 at voxel 7 is not in the BraTS 2023+ (0, 1, 2, 3) convention", labelError.Message);
        Assert.StartsWith("case BraTS-SSA-00001-000: missing BraTS-SSA-00001-000-t2w.nii.gz", missing.Message);
    }

    [Fact]
    public void OpenBrats_MissingModality_ErrorNamesCaseAndFile()
    {
        TinyDatasets.WriteBrats(_temp.Path, "case7");
        File.Delete(_temp.File("case7/case7_t1ce.nii.gz"));

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path));

        Assert.Contains("case case7", error.Message);
        Assert.Contains("case7_t1ce.nii.gz", error.Message);
    }

    [Fact]
    public void LoadBrats_ShapeMismatch_ErrorNamesCase()
    {
        TinyDatasets.WriteBrats(_temp.Path, "case3");
        TinyDatasets.Write(_temp.File("case3/case3_t2.nii.gz"), [12, 10, 7], new float[840], NiftiDataType.Int16);

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path).Cases[0].Load([Modality.T2]));

        Assert.Contains("case case3", error.Message);
        Assert.Contains("12x10x7", error.Message);
    }

    [Fact]
    public void LoadBrats_LabelOutsideConvention_ErrorNamesCaseAndValue()
    {
        TinyDatasets.WriteBrats(_temp.Path, "case5");
        var seg = new float[TinyDatasets.VoxelCount];
        seg[17] = 3; // 3 is an MSD label, not a BraTS one
        TinyDatasets.Write(_temp.File("case5/case5_seg.nii.gz"), TinyDatasets.Shape, seg, NiftiDataType.UInt8);

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path).Cases[0].Load([Modality.T1]));

        Assert.Contains("case case5", error.Message);
        Assert.Contains("label value 3", error.Message);
    }

    [Fact]
    public void OpenMsd_MissingLabel_ErrorNamesCase()
    {
        TinyDatasets.WriteMsd(_temp.Path, "BRATS_004");
        File.Delete(_temp.File("labelsTr/BRATS_004.nii.gz"));

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path));

        Assert.Contains("case BRATS_004", error.Message);
    }

    [Fact]
    public void LoadMsd_ThreeDImage_ErrorNamesCase()
    {
        TinyDatasets.WriteMsd(_temp.Path, "BRATS_009");
        TinyDatasets.Write(_temp.File("imagesTr/BRATS_009.nii.gz"), TinyDatasets.Shape, new float[TinyDatasets.VoxelCount], NiftiDataType.Int16);

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path).Cases[0].Load([Modality.T1]));

        Assert.Contains("case BRATS_009", error.Message);
        Assert.Contains("4 channels", error.Message);
    }

    [Fact]
    public void Open_EmptyOrMissingFolder_ClearError()
    {
        Assert.Contains("no cases found", Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path)).Message);
        Assert.Contains("does not exist", Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.File("nope"))).Message);
    }

    [Fact]
    public void LoadBrats_CorruptFile_DatasetErrorNamesCase()
    {
        TinyDatasets.WriteBrats(_temp.Path, "case8");
        File.WriteAllBytes(_temp.File("case8/case8_flair.nii.gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

        var error = Assert.Throws<DatasetException>(() => BrainDataset.Open(_temp.Path).Cases[0].Load([Modality.Flair]));

        Assert.Contains("case case8", error.Message);
        Assert.Contains("case8_flair.nii.gz", error.Message);
    }

    private static void AssertCaseContent(BrainCase loaded, int caseIndex)
    {
        for (var v = 0; v < TinyDatasets.VoxelCount; v++)
        {
            Assert.Equal(TinyDatasets.InternalLabel(v), loaded.Labels[v]);
            foreach (var (modality, image) in loaded.Images)
                Assert.Equal(TinyDatasets.Intensity(caseIndex, modality, v), image[v]);
        }
        Assert.Contains(loaded.Labels, l => l == TumourLabels.NecroticCore);
        Assert.Contains(loaded.Labels, l => l == TumourLabels.Edema);
        Assert.Contains(loaded.Labels, l => l == TumourLabels.Enhancing);
    }
}
