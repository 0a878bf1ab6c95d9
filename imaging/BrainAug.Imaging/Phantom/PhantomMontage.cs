using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Png;

namespace BrainAug.Imaging.Phantom;

/// <summary>
/// A PNG grid for eyeballing a dataset: one row per case (its axial slice with the most tumour), columns
/// FLAIR, T1, T1ce, T2 and the labels over T1ce (red core, green edema, yellow enhancing).
/// It reads the dataset back through the normal loader, so it shows what training will see.
/// </summary>
public static class PhantomMontage
{
    public static void Write(string datasetDirectory, int rows, string pngPath, int tileSize = 240)
    {
        var cases = BrainDataset.Open(datasetDirectory).Cases.Take(rows).ToList();
        var first = cases[0].Load(Modalities.All);
        var montage = new Montage(cases.Count, 5, tileSize);
        for (var row = 0; row < cases.Count; row++)
        {
            var loaded = row == 0 ? first : cases[row].Load(Modalities.All);
            var slice = SliceExtractor.Extract(loaded, new SliceOptions
            {
                Modalities = Modalities.All,
                Region = null,
                Policy = SlicePolicy.Fixed(SliceWithMostTumour(loaded)),
                Normalisation = Normalisation.None,
                Size = tileSize,
            }).Single();
            for (var c = 0; c < 4; c++)
                montage.Place(row, c, SliceRenderer.GreyToRgb(SliceRenderer.Grey(slice.Channel(c))));
            montage.Place(row, 4, SliceRenderer.Overlay(SliceRenderer.Grey(slice.Channel((int)Modality.T1ce)), slice.Label));
        }
        montage.Save(pngPath);
    }

    private static int SliceWithMostTumour(BrainCase loaded)
    {
        var perSlice = loaded.Width * loaded.Height;
        return Enumerable.Range(0, loaded.Depth).MaxBy(z => perSlice - loaded.Labels.AsSpan(z * perSlice, perSlice).Count((byte)0));
    }
}
