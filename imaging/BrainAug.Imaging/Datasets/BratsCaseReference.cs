using BrainAug.Imaging.Nifti;

namespace BrainAug.Imaging.Datasets;

/// <summary>A BraTS 2018-style case folder: <c>&lt;case&gt;/&lt;case&gt;_{flair,t1,t1ce,t2,seg}.nii.gz</c>, labels 0/1/2/4.
/// A synthetic dataset (see <see cref="SyntheticDatasetInfo"/>) holds only the modalities it declares.</summary>
public sealed class BratsCaseReference : CaseReference
{
    private readonly string _directory;
    private readonly IReadOnlyList<Modality> _present;

    public BratsCaseReference(string directory, IReadOnlyList<Modality>? modalities = null) : base(Path.GetFileName(directory))
    {
        _directory = directory;
        _present = modalities ?? Modalities.All;
        var missing = _present.Select(Modalities.FileSuffix).Append("seg").Where(suffix => FindFile(suffix) is null).ToList();
        if (missing.Count > 0)
            throw new DatasetException($"case {Id}: missing {string.Join(", ", missing.Select(suffix => $"{Id}_{suffix}.nii.gz"))} in {directory}");
    }

    public override BrainCase Load(IReadOnlyList<Modality> modalities)
    {
        var segPath = FindFile("seg")!;
        var seg = ReadCaseFile(segPath);
        var images = new Dictionary<Modality, float[]>();
        foreach (var modality in modalities)
        {
            if (!_present.Contains(modality))
                throw new DatasetException($"case {Id}: this dataset holds only {string.Join(", ", _present.Select(Modalities.FileSuffix))}, not {Modalities.FileSuffix(modality)}");
            var path = FindFile(Modalities.FileSuffix(modality))!;
            var image = ReadCaseFile(path);
            if (!image.Shape.SequenceEqual(seg.Shape))
                throw new DatasetException($"case {Id}: {Path.GetFileName(path)} has shape {string.Join('x', image.Shape)} but the segmentation has {string.Join('x', seg.Shape)}");
            images[modality] = image.Data;
        }
        var labels = LabelMapping.Convert(seg.Data, TumourLabels.FromBrats, Id, "BraTS (0, 1, 2, 4)");
        return new BrainCase(Id, seg.Shape, seg.Affine, images, labels);
    }

    private NiftiImage ReadCaseFile(string path)
    {
        var image = LabelMapping.ReadNifti(path, Id);
        if (image.Shape.Length != 3)
            throw new DatasetException($"case {Id}: {Path.GetFileName(path)} is {image.Shape.Length}-D; BraTS case files are 3-D volumes");
        return image;
    }

    private string? FindFile(string suffix) =>
        new[] { ".nii.gz", ".nii" }.Select(ext => Path.Combine(_directory, $"{Id}_{suffix}{ext}")).FirstOrDefault(File.Exists);
}
