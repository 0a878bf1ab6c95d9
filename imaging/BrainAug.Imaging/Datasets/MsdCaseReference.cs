using BrainAug.Contracts.Imaging;
using BrainAug.Imaging.Nifti;

namespace BrainAug.Imaging.Datasets;

/// <summary>An MSD Task01 case: <c>imagesTr/&lt;case&gt;.nii.gz</c> (4-D: FLAIR, T1w, T1gd, T2w) and
/// <c>labelsTr/&lt;case&gt;.nii.gz</c> (0 background, 1 edema, 2 non-enhancing, 3 enhancing).</summary>
public sealed class MsdCaseReference(string id, string imagePath, string labelPath) : CaseReference(id)
{
    public override IReadOnlyList<string> SourceFiles => [imagePath, labelPath];

    public override BrainCase Load(IReadOnlyList<Modality> modalities, CaseBuffers? buffers = null)
    {
        var image = LabelMapping.ReadNifti(imagePath, Id, buffers, "image");
        var label = LabelMapping.ReadNifti(labelPath, Id, buffers, "seg");
        if (image.Shape.Length != 4 || image.Shape[3] != Modalities.All.Count)
            throw new DatasetException($"case {Id}: {imagePath} has shape {string.Join('x', image.Shape)}; MSD Task01 images are 4-D with 4 channels");
        var shape = image.Shape[..3];
        if (!label.Shape.SequenceEqual(shape))
            throw new DatasetException($"case {Id}: label shape {string.Join('x', label.Shape)} does not match image shape {string.Join('x', shape)}");

        var channelSize = shape[0] * shape[1] * shape[2];
        var images = modalities.ToDictionary(m => m, m => image.Data.AsSpan((int)m * channelSize, channelSize).ToArray());
        var labels = LabelMapping.Convert(label.Data, TumourLabels.FromMsd, Id, "MSD Task01 (0..3)", buffers);
        return new BrainCase(Id, shape, label.Affine, images, labels);
    }
}
