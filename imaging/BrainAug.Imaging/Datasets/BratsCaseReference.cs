using BrainAug.Imaging.Nifti;

namespace BrainAug.Imaging.Datasets;

/// <summary>A BraTS case folder in either release's naming (<see cref="BratsNaming"/>): four modalities and a
/// segmentation. A synthetic dataset (see <see cref="SyntheticDatasetInfo"/>) holds only the modalities it declares.</summary>
public sealed class BratsCaseReference : CaseReference
{
    private readonly string _directory;
    private readonly IReadOnlyList<Modality> _present;

    public BratsCaseReference(string directory, BratsNaming naming, IReadOnlyList<Modality>? modalities = null) : base(Path.GetFileName(directory))
    {
        _directory = directory;
        Naming = naming;
        _present = modalities ?? Modalities.All;
        var missing = _present.Select(naming.Suffix).Append("seg").Where(suffix => naming.FindFile(directory, Id, suffix) is null).ToList();
        if (missing.Count > 0)
            throw new DatasetException($"case {Id}: missing {string.Join(", ", missing.Select(suffix => naming.Example(Id, suffix)))} in {directory} ({naming.Release} naming)");
    }

    public BratsNaming Naming { get; }

    public override IReadOnlyList<string> SourceFiles =>
        [.. _present.Select(Naming.Suffix).Append("seg").Select(suffix => Naming.FindFile(_directory, Id, suffix)!)];

    public override BrainCase Load(IReadOnlyList<Modality> modalities, CaseBuffers? buffers = null)
    {
        var segPath = Naming.FindFile(_directory, Id, "seg")!;
        var seg = ReadCaseFile(segPath, buffers, "seg");
        var images = new Dictionary<Modality, float[]>();
        foreach (var modality in modalities)
        {
            if (!_present.Contains(modality))
                throw new DatasetException($"case {Id}: this dataset holds only {string.Join(", ", _present.Select(Naming.Suffix))}, not {Naming.Suffix(modality)}");
            var path = Naming.FindFile(_directory, Id, Naming.Suffix(modality))!;
            var image = ReadCaseFile(path, buffers, Naming.Suffix(modality));
            if (!image.Shape.SequenceEqual(seg.Shape))
                throw new DatasetException($"case {Id}: {Path.GetFileName(path)} has shape {string.Join('x', image.Shape)} but the segmentation has {string.Join('x', seg.Shape)}");
            images[modality] = image.Data;
        }
        var labels = LabelMapping.Convert(seg.Data, Naming.Labels, Id, Naming.Convention, buffers);
        return new BrainCase(Id, seg.Shape, seg.Affine, images, labels);
    }

    private NiftiImage ReadCaseFile(string path, CaseBuffers? buffers, string role)
    {
        var image = LabelMapping.ReadNifti(path, Id, buffers, role);
        if (image.Shape.Length != 3)
            throw new DatasetException($"case {Id}: {Path.GetFileName(path)} is {image.Shape.Length}-D; BraTS case files are 3-D volumes");
        return image;
    }
}
