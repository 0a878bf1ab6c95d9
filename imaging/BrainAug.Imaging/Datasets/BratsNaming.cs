using BrainAug.Contracts.Imaging;

namespace BrainAug.Imaging.Datasets;

/// <summary>
/// How a BraTS release names a case's files and numbers its labels. BraTS 2018-2021: <c>&lt;case&gt;_t1ce.nii.gz</c>
/// (flair, t1, t1ce, t2, seg), labels 0/1/2/4. BraTS 2023 and later, every cohort (GLI adult glioma, MEN meningioma,
/// MET metastases, PED paediatric, SSA Sub-Saharan Africa): <c>BraTS-GLI-00000-000-t1c.nii.gz</c> (t2f, t1n, t1c,
/// t2w, seg), labels 0/1/2/3 (1 necrotic/non-enhancing core NETC, 2 surrounding FLAIR hyperintensity SNFH, 3 ET).
/// </summary>
public sealed record BratsNaming(string Release, string Separator, string T1ce, Func<Modality, string> Suffix, Func<float, byte?> Labels, string Convention)
{
    public static readonly BratsNaming Brats2018 = new("BraTS 2018-2021", "_", "t1ce", Modalities.FileSuffix, TumourLabels.FromBrats, "BraTS 2018-2021 (0, 1, 2, 4)");

    public static readonly BratsNaming Brats2023 = new("BraTS 2023+", "-", "t1c", Suffix2023, TumourLabels.FromBrats2023, "BraTS 2023+ (0, 1, 2, 3)");

    /// <summary>The file for <paramref name="suffix"/> ("seg" or a modality's) in a case folder, or null.</summary>
    public string? FindFile(string directory, string id, string suffix) =>
        new[] { ".nii.gz", ".nii" }.Select(ext => Path.Combine(directory, $"{id}{Separator}{suffix}{ext}")).FirstOrDefault(File.Exists);

    /// <summary>An example file name, for messages.</summary>
    public string Example(string id, string suffix) => $"{id}{Separator}{suffix}.nii.gz";

    /// <summary>The naming a case folder uses, told by its segmentation or T1ce file: null when it has neither
    /// (not a BraTS case); an error naming the case when it holds both namings.</summary>
    public static BratsNaming? Detect(string directory, string id)
    {
        var found = new[] { Brats2018, Brats2023 }
            .Where(n => n.FindFile(directory, id, "seg") is not null || n.FindFile(directory, id, n.T1ce) is not null).ToList();
        if (found.Count > 1)
            throw new DatasetException($"case {id}: holds both BraTS 2018-2021 files ({Brats2018.Example(id, "seg")}) and BraTS 2023+ files ({Brats2023.Example(id, "seg")}) in {directory}: keep one release per case");
        return found.SingleOrDefault();
    }

    private static string Suffix2023(Modality modality) => modality switch
    {
        Modality.Flair => "t2f",
        Modality.T1 => "t1n",
        Modality.T1ce => "t1c",
        _ => "t2w",
    };
}
