namespace BrainAug.Imaging.Datasets;

/// <summary>The on-disk layouts BrainAug reads.</summary>
public enum DatasetLayout
{
    /// <summary>BraTS 2018-2021 case folders (optionally grouped in HGG/ and LGG/): <c>&lt;case&gt;_t1ce.nii.gz</c>, labels 0/1/2/4.</summary>
    Brats,

    /// <summary>BraTS 2023+ case folders, every cohort: <c>BraTS-GLI-00000-000-t1c.nii.gz</c>, labels 0/1/2/3.</summary>
    Brats2023,

    /// <summary>Medical Segmentation Decathlon Task01_BrainTumour (imagesTr/, labelsTr/).</summary>
    Msd,
}

/// <summary>A labelled brain-tumour dataset on disk: its layout and its cases, sorted by id.</summary>
public sealed class BrainDataset
{
    private BrainDataset(string root, DatasetLayout layout, IReadOnlyList<CaseReference> cases)
    {
        Root = root;
        Layout = layout;
        Cases = cases;
    }

    public string Root { get; }

    public DatasetLayout Layout { get; }

    public IReadOnlyList<CaseReference> Cases { get; }

    /// <summary>The slices of the given cases, in case order, cut with <paramref name="options"/> (each case's
    /// volumes loaded once, only the modalities asked for).</summary>
    public List<BrainSlice> LoadSlices(IEnumerable<string> caseIds, SliceOptions options)
    {
        var byId = Cases.ToDictionary(c => c.Id);
        var buffers = new CaseBuffers(); // each case's slices are cut before the next case is loaded into the same arrays
        return [.. caseIds.SelectMany(id => SliceExtractor.Extract(byId[id].Load(options.Modalities, buffers), options))];
    }

    /// <summary>Opens <paramref name="root"/>, recognising the layout: an imagesTr/ folder means MSD, otherwise
    /// case folders are BraTS, 2018-2021 or 2023+ by their file names (one release per dataset).</summary>
    public static BrainDataset Open(string root)
    {
        if (!Directory.Exists(root))
            throw new DatasetException($"dataset folder {root} does not exist");
        var dataset = Directory.Exists(Path.Combine(root, "imagesTr"))
            ? new BrainDataset(root, DatasetLayout.Msd, FindMsdCases(root))
            : OpenBrats(root);
        if (dataset.Cases.Count == 0)
            throw new DatasetException($"no cases found in {root}: expected BraTS case folders (<case>/<case>_t1ce.nii.gz ... for 2018-2021, " +
                "<case>/<case>-t1c.nii.gz ... for 2023+) or an MSD imagesTr/ folder");
        var duplicate = dataset.Cases.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DatasetException($"case {duplicate.Key} appears {duplicate.Count()} times under {root}");
        return dataset;
    }

    private static BrainDataset OpenBrats(string root)
    {
        var cases = FindBratsCases(root, SyntheticDatasetInfo.TryRead(root)?.ModalityList);
        var naming = cases.FirstOrDefault()?.Naming;
        if (cases.FirstOrDefault(c => c.Naming != naming) is { } other)
            throw new DatasetException($"case {other.Id} uses the {other.Naming.Release} naming ({other.Naming.Example(other.Id, other.Naming.T1ce)}) but case " +
                $"{cases[0].Id} the {naming!.Release} naming ({naming.Example(cases[0].Id, naming.T1ce)}): one dataset holds one release (their labels differ)");
        return new BrainDataset(root, naming == BratsNaming.Brats2023 ? DatasetLayout.Brats2023 : DatasetLayout.Brats, [.. cases]);
    }

    private static List<BratsCaseReference> FindBratsCases(string root, IReadOnlyList<Modality>? modalities)
    {
        var cases = new List<BratsCaseReference>();
        foreach (var directory in VisibleDirectories(root))
        {
            if (Directory.EnumerateFiles(directory, "*.nii*").Any())
                cases.Add(BratsCase(directory, modalities));
            else // BraTS 2018 groups cases as HGG/ and LGG/
                cases.AddRange(VisibleDirectories(directory)
                    .Where(d => Directory.EnumerateFiles(d, "*.nii*").Any())
                    .Select(d => BratsCase(d, modalities)));
        }
        return cases.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    private static BratsCaseReference BratsCase(string directory, IReadOnlyList<Modality>? modalities)
    {
        var id = Path.GetFileName(directory);
        var naming = BratsNaming.Detect(directory, id)
            ?? throw new DatasetException($"case {id}: no BraTS segmentation in {directory}: expected {BratsNaming.Brats2018.Example(id, "seg")} (BraTS 2018-2021) " +
                $"or {BratsNaming.Brats2023.Example(id, "seg")} (BraTS 2023+), each beside its four modalities");
        return new BratsCaseReference(directory, naming, modalities);
    }

    /// <summary>Sub-folders, sorted, without hidden ones (".x": work in progress, tool metadata).</summary>
    private static IEnumerable<string> VisibleDirectories(string parent) =>
        Directory.GetDirectories(parent).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal);

    private static List<CaseReference> FindMsdCases(string root)
    {
        var labels = Path.Combine(root, "labelsTr");
        var cases = new List<CaseReference>();
        // The MSD archive carries macOS "._*" resource files next to the real images: skip them.
        foreach (var image in Directory.GetFiles(Path.Combine(root, "imagesTr"), "*.nii*").Where(f => !Path.GetFileName(f).StartsWith("._")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(image);
            var id = name[..name.IndexOf(".nii", StringComparison.Ordinal)];
            var label = Path.Combine(labels, name);
            if (!File.Exists(label))
                throw new DatasetException($"case {id}: image {image} has no label file {label}");
            cases.Add(new MsdCaseReference(id, image, label));
        }
        return cases;
    }
}
