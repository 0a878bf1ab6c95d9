namespace BrainAug.TestSupport;

/// <summary>
/// Tiny real models, made once per test run by the real tools: a 5-case phantom slab, one epoch of each trainer,
/// and the exporter. Seg-DNN 32x32 (1 channel, WT), tumour generator 16x16 (WT), brain generator 32x32
/// conditioned on label + brain outline; beside them an inpainting brain generator (T1ce and FLAIR).
/// </summary>
public sealed class ModelsFixture : IDisposable
{
    public ModelsFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "brainaug-server-tests", Guid.NewGuid().ToString("N"));
        Tools.RunOk(Tools.Trainer, "phantom", "--out", Data, "--cases", "5", "--depth", "12", "--seed", "2", "--difficulty", "easy");
        string[] common = [.. Common, "--region", "wt"];
        Tools.RunOk(Tools.Trainer, ["seg", "--out", Run("seg"), .. common]);
        Tools.RunOk(Tools.Trainer, ["tumour", "--out", Run("tumour"), .. common]);
        Tools.RunOk(Tools.Trainer, ["brain", "--out", Run("brain"), "--condition", "label+outline", .. common]);
        foreach (var network in new[] { "seg", "tumour", "brain" }) Export(network, Models);
        // A second brain generator drawing two modalities (T1ce and FLAIR), not in Models: tests export it where needed.
        Tools.RunOk(Tools.Trainer, ["brain", "--out", Run("brain-two-modalities"), "--condition", "label+outline", "--modalities", "t1ce,flair", .. common]);
        // An inpainting brain generator painting T1ce and FLAIR together, served by InpaintingServerAsync.
        Tools.RunOk(Tools.Trainer, ["brain", "--out", Run("brain-inpaint"), "--condition", "inpaint", "--modalities", InpaintingModalities, .. common]);
    }

    /// <summary>The trainer's tiny networks, one epoch each.</summary>
    private string[] Common => ["--data", Data, "--preset", "tiny", "--epochs", "1", "--policy", "tumour", "--device", "cpu", "--seed", "3"];

    /// <summary>The inpainting brain generator's channels, in order.</summary>
    public const string InpaintingModalities = "t1ce,flair";

    public string Root { get; }

    /// <summary>The phantom the models were trained on (5 cases, 12 slices).</summary>
    public string Data => Path.Combine(Root, "phantom");

    /// <summary>A repository holding version 1 of seg-dnn, tumour-generator and brain-generator. Do not modify it.</summary>
    public string Models => Path.Combine(Root, "models");

    public string Run(string network) => Path.Combine(Root, "runs", network);

    /// <summary>Exports a run (seg, tumour, brain, brain-two-modalities, brain-inpaint, or after RegionsServerAsync
    /// seg-regions, tumour-regions and brain-regions) as the next version of its model in <paramref name="repository"/>.</summary>
    /// <summary>Exports a trained network; with <paramref name="version"/>, as that version even when the repository holds
    /// the same weights already (without it, the exporter reuses their version).</summary>
    public void Export(string network, string repository, int? version = null) =>
        Tools.RunOk(Tools.Exporter, ["export", "--run", Run(network), "--repo", repository, .. version is { } v ? new[] { "--version", $"{v}" } : []]);

    /// <summary>A fresh repository for a test to change: a copy of <see cref="Models"/>, or empty.</summary>
    public string NewRepository(bool copyModels)
    {
        var repository = Path.Combine(Root, "repositories", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(repository);
        if (!copyModels) return repository;
        foreach (var file in Directory.GetFiles(Models, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repository, Path.GetRelativePath(Models, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return repository;
    }

    private readonly SemaphoreSlim _sharedLock = new(1, 1);
    private ServerProcess? _shared;

    /// <summary>One server on <see cref="Models"/> for the tests that only read (started on first use).</summary>
    public async Task<ServerProcess> SharedServerAsync()
    {
        await _sharedLock.WaitAsync();
        try
        {
            return _shared ??= await ServerProcess.StartAsync(Models, ["--max-queue-delay-ms", "20", "--max-generate-count", "64", "--allow-shared-memory", "true"]);
        }
        finally
        {
            _sharedLock.Release();
        }
    }

    private ServerProcess? _inpainting;

    /// <summary>One server whose brain-generator (version 1) is the inpainting one, beside the same seg-dnn and
    /// tumour-generator (started on first use; read-only).</summary>
    public async Task<ServerProcess> InpaintingServerAsync()
    {
        await _sharedLock.WaitAsync();
        try
        {
            if (_inpainting is not null) return _inpainting;
            var repository = NewRepository(copyModels: false);
            foreach (var network in new[] { "seg", "tumour", "brain-inpaint" }) Export(network, repository);
            return _inpainting = await ServerProcess.StartAsync(repository, ["--max-queue-delay-ms", "20", "--max-generate-count", "64"]);
        }
        finally
        {
            _sharedLock.Release();
        }
    }

    private ServerProcess? _regions;

    /// <summary>One server on a regions Seg-DNN (WT, TC, ET from all four modalities), a tumour generator drawing
    /// three label channels and a brain generator rendering all four modalities from them (trained and exported on
    /// first use; read-only).</summary>
    public async Task<ServerProcess> RegionsServerAsync()
    {
        await _sharedLock.WaitAsync();
        try
        {
            if (_regions is not null) return _regions;
            string[] common = [.. Common, "--region", "regions"];
            Tools.RunOk(Tools.Trainer, ["seg", "--out", Run("seg-regions"), "--modalities", "flair,t1,t1ce,t2", .. common]);
            Tools.RunOk(Tools.Trainer, ["tumour", "--out", Run("tumour-regions"), .. common]);
            Tools.RunOk(Tools.Trainer, ["brain", "--out", Run("brain-regions"), "--condition", "label+outline", "--modalities", "flair,t1,t1ce,t2", .. common]);
            var repository = NewRepository(copyModels: false);
            foreach (var network in new[] { "seg-regions", "tumour-regions", "brain-regions" }) Export(network, repository);
            return _regions = await ServerProcess.StartAsync(repository, ["--max-queue-delay-ms", "20"]);
        }
        finally
        {
            _sharedLock.Release();
        }
    }

    public void Dispose()
    {
        _shared?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _regions?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _inpainting?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
