using System.Text.Json;
using System.Text.Json.Nodes;
using BrainAug.Contracts.Training;
using BrainAug.Imaging.Datasets;
using BrainAug.TestSupport;

namespace BrainAug.Clients.Tests;

/// <summary>The augmentation client against the real server on loopback.</summary>
[Trait("Category", "Slow")]
[Collection(ServerCollection.Name)]
public sealed class AugmentationClientTests(ModelsFixture models) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();


    [Fact]
    public async Task Augment_WritesExactlyNPairsTheLoaderReads()
    {
        var server = await models.SharedServerAsync();
        var output = Path.Combine(_temp.NewFolder(), "synthetic");

        var (exitCode, stdout, stderr) = ClientRun.Run(ClientRun.Augment(server, output, 7, models.Data, "--previews"));

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("7 samples", stdout);
        var lines = File.ReadAllLines(Path.Combine(output, "manifest.jsonl"));
        Assert.Equal(7, lines.Length);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, 7), records.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(7, records.Select(r => r.GetProperty("sample_id").GetString()).Distinct().Count());
        foreach (var record in records)
        {
            Assert.Equal(5UL, record.GetProperty("seed").GetUInt64());
            Assert.Equal("tumour-generator", record.GetProperty("tumour_model").GetProperty("name").GetString());
            Assert.Equal(64, record.GetProperty("brain_model").GetProperty("sha256").GetString()!.Length);
            Assert.StartsWith("PHANTOM_", record.GetProperty("host_case").GetString());
            Assert.Equal("random", record.GetProperty("placement").GetProperty("mode").GetString());
            Assert.InRange(record.GetProperty("placement").GetProperty("scale").GetDouble(), 0.2, 0.3);
            Assert.True(record.TryGetProperty("created", out _));
        }
        var dataset = BrainDataset.Open(output);
        Assert.Equal(7, dataset.Cases.Count);
        var slices = dataset.Cases.SelectMany(c => SliceExtractor.Extract(c.Load([Modality.T1ce]), new SliceOptions { Policy = SlicePolicy.All, Size = 32, Region = TargetRegion.Wt })).ToList();
        Assert.Equal(7, slices.Count);
        Assert.All(slices, s => Assert.True(s.TumourPixels > 0));
        Assert.True(File.Exists(Path.Combine(output, "SYN_000001", "SYN_000001_preview.png")));
    }

    [Fact]
    public async Task Augment_KilledMidRun_RerunFinishesWithTheSameBytes()
    {
        var server = await models.SharedServerAsync();
        var root = _temp.NewFolder();
        var (whole, resumed) = (Path.Combine(root, "whole"), Path.Combine(root, "resumed"));
        const int count = 150;
        Assert.Equal(0, ClientRun.Run(ClientRun.Augment(server, whole, count, models.Data)).ExitCode);

        var before = await ClientRun.AugmentKilledAsync(ClientRun.Augment(server, resumed, count, models.Data, "--concurrency", "2"));
        Assert.InRange(before, 10, count - 1);
        var (exitCode, stdout, stderr) = ClientRun.Run(ClientRun.Augment(server, resumed, count, models.Data, "--concurrency", "2"));

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"{count - before} made now, {before} already there", stdout);
        Assert.Empty(Directory.GetDirectories(resumed, ".tmp-*"));
        Assert.Equal(count, Directory.GetDirectories(resumed, "SYN_*").Length);
        ClientRun.AssertSameDataset(whole, resumed);
    }

    [Fact]
    public async Task Augment_OverTheOpenInferenceProtocol_SameBytesAsOverBrainAug()
    {
        var server = await models.SharedServerAsync();
        var root = _temp.NewFolder();
        var (brainaug, oip) = (Path.Combine(root, "brainaug"), Path.Combine(root, "oip"));

        var viaBrainAug = ClientRun.Run(ClientRun.Augment(server, brainaug, 12, models.Data));
        var inferBefore = InferCalls(await server.MetricsAsync());
        var viaOip = ClientRun.Run(ClientRun.Augment(server, oip, 12, models.Data, "--protocol", "oip", "--repository", server.Repository));

        Assert.True(viaBrainAug.ExitCode == 0, viaBrainAug.Stderr);
        Assert.True(viaOip.ExitCode == 0, viaOip.Stderr);
        Assert.True(InferCalls(await server.MetricsAsync()) >= inferBefore + 24, "every tumour and brain call went through ModelInfer");
        ClientRun.AssertSameDataset(brainaug, oip);
    }

    [Fact]
    public async Task Augment_OverSharedMemory_SameBytesAsOverTheSocket_AndLeavesNothingInDevShm()
    {
        var server = await models.SharedServerAsync(); // started with --allow-shared-memory true
        var root = _temp.NewFolder();
        var (socket, shared) = (Path.Combine(root, "socket"), Path.Combine(root, "shared"));
        var oip = new[] { "--protocol", "oip", "--repository", server.Repository };

        var viaSocket = ClientRun.Run(ClientRun.Augment(server, socket, 12, models.Data, oip));
        var viaShared = ClientRun.Run(ClientRun.Augment(server, shared, 12, models.Data, [.. oip, "--shared-memory", "--concurrency", "3"]));

        Assert.True(viaSocket.ExitCode == 0, viaSocket.Stderr);
        Assert.True(viaShared.ExitCode == 0, viaShared.Stderr);
        ClientRun.AssertSameDataset(socket, shared);
        Assert.Empty(Directory.GetFiles("/dev/shm", "brainaug-client-*"));
        var regions = await server.OpenInference().SystemSharedMemoryStatusAsync(new BrainAug.Protos.Inference.SystemSharedMemoryStatusRequest());
        Assert.DoesNotContain(regions.Regions.Keys, name => name.StartsWith("brainaug-client-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Augment_SharedMemory_WhereItCannotWork_ClearError()
    {
        var server = await models.SharedServerAsync();
        await using var plain = await ServerProcess.StartAsync(server.Repository); // shared memory not allowed
        var output = Path.Combine(_temp.NewFolder(), "synthetic");
        var oip = new[] { "--protocol", "oip", "--repository", server.Repository, "--shared-memory" };

        var brainaug = ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data, "--shared-memory"));
        var remote = ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data, [.. oip, "--server", "http://192.0.2.1:50051"]));
        var refused = ClientRun.Run(ClientRun.Augment(plain, output, 2, models.Data, oip));

        Assert.Equal((2, 2, 2), (brainaug.ExitCode, remote.ExitCode, refused.ExitCode));
        Assert.Contains("--shared-memory needs --protocol oip", brainaug.Stderr);
        Assert.Contains("--shared-memory needs exactly one --server on this machine", remote.Stderr);
        Assert.Contains("the server does not serve system shared memory", refused.Stderr);
        Assert.All(new[] { brainaug, remote, refused }, r => Assert.DoesNotContain("   at ", r.Stderr));
        Assert.Empty(Directory.GetFiles("/dev/shm", "brainaug-client-*"));
    }

    /// <summary>ModelInfer calls the server counted so far (brainaug_requests_total, every model and version).</summary>
    private static double InferCalls(string metrics) => metrics.Split('\n')
        .Where(l => l.StartsWith("brainaug_requests_total{", StringComparison.Ordinal) && l.Contains("rpc=\"ModelInfer\""))
        .Sum(l => double.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Augment_Oip_WithoutRepositoryOrWithAnotherOne_ClearError()
    {
        var server = await models.SharedServerAsync();
        var output = Path.Combine(_temp.NewFolder(), "synthetic");

        var missing = ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data, "--protocol", "oip"));
        var empty = ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data, "--protocol", "oip", "--repository", _temp.NewFolder()));
        var wasted = ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data, "--repository", server.Repository));

        Assert.Equal((2, 2, 2), (missing.ExitCode, empty.ExitCode, wasted.ExitCode));
        Assert.Contains("--protocol oip needs --repository", missing.Stderr);
        Assert.Contains("tumour-generator/1/metadata.json does not exist", empty.Stderr);
        Assert.Contains("--repository is read only with --protocol oip", wasted.Stderr);
        Assert.All(new[] { missing, empty, wasted }, r => Assert.DoesNotContain("   at ", r.Stderr));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Augment_TwoEndpoints_BothServeCalls()
    {
        var repository = models.NewRepository(copyModels: true);
        await using var first = await ServerProcess.StartAsync(repository);
        await using var second = await ServerProcess.StartAsync(repository);
        var output = Path.Combine(_temp.NewFolder(), "synthetic");

        var (exitCode, _, stderr) = ClientRun.Run([.. ClientRun.Augment(first, output, 24, models.Data), "--server", second.Address]);

        Assert.True(exitCode == 0, stderr);
        foreach (var server in new[] { first, second })
            Assert.Matches("brainaug_requests_total\\{rpc=\"GenerateBrain\",model=\"brain-generator\",version=\"1\"\\} [1-9]", await server.MetricsAsync());
    }

    [Fact]
    public void Augment_UnreachableServer_ClearErrorAndNonZeroExit()
    {
        var output = Path.Combine(_temp.NewFolder(), "synthetic");

        var (exitCode, _, stderr) = ClientRun.Run("augment", "--server", "http://127.0.0.1:9", "--count", "3", "--out", output);

        Assert.Equal(3, exitCode);
        Assert.Contains("brainaug-server at http://127.0.0.1:9/ is unreachable", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Augment_LargestLesion_IsRecordedAndKeptByARerun_AndAnUnknownChoiceIsRefused()
    {
        var server = await models.SharedServerAsync();
        var output = Path.Combine(_temp.NewFolder(), "synthetic");
        Assert.Equal(0, ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data, "--lesion", "largest")).ExitCode);
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "augment.json")))!;
        Assert.True(settings["placement"]!["largest_lesion_only"]!.GetValue<bool>(), settings.ToJsonString());

        var (exitCode, _, stderr) = ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data));
        Assert.Equal(2, exitCode);
        Assert.Contains("holds a run with other settings (placement or previews)", stderr);

        (exitCode, _, stderr) = ClientRun.Run(ClientRun.Augment(server, Path.Combine(_temp.NewFolder(), "other"), 2, models.Data, "--lesion", "biggest"));
        Assert.Equal(2, exitCode);
        Assert.Contains("biggest", stderr);
    }

    [Fact]
    public async Task Augment_ACentredTumourGenerator_IsRefusedWhereItDrewThem_AndPlacedAtRandomBrainPixels()
    {
        // A tumour generator trained on centred maps with R1 (trainer --centred --r1) becomes tumour-generator version 2.
        Tools.RunOk(Tools.Trainer, ["tumour", "--out", models.Run("tumour-centred"), "--data", models.Data, "--preset", "tiny", "--epochs", "1",
            "--policy", "tumour", "--device", "cpu", "--seed", "3", "--centred", "--r1", "1"]);
        var repository = models.NewRepository(copyModels: true);
        models.Export("tumour-centred", repository);
        await using var server = await ServerProcess.StartAsync(repository);
        var refused = Path.Combine(_temp.NewFolder(), "synthetic");

        var (exitCode, _, stderr) = ClientRun.Run(["augment", "--server", server.Address, "--count", "2", "--out", refused, "--data", models.Data]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("learnt from centred maps", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(Directory.Exists(refused));
        var output = Path.Combine(_temp.NewFolder(), "synthetic");
        var placed = ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data)); // at random brain pixels
        Assert.True(placed.ExitCode == 0, placed.Stderr);
        var sample = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(output, "sample.json", SearchOption.AllDirectories)[0]))!;
        Assert.Equal("random", sample["placement"]!["mode"]!.GetValue<string>());
        Assert.Equal("tumour-generator", sample["tumour_model"]!["name"]!.GetValue<string>());
        Assert.Equal(2, sample["tumour_model"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Augment_OtherArgumentsOnAnExistingRun_Refused()
    {
        var server = await models.SharedServerAsync();
        var output = Path.Combine(_temp.NewFolder(), "synthetic");
        Assert.Equal(0, ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data)).ExitCode);

        var (exitCode, _, stderr) = ClientRun.Run(ClientRun.Augment(server, output, 3, models.Data));

        Assert.Equal(2, exitCode);
        Assert.Contains("holds a run with other settings (count 2 vs 3)", stderr);
    }

    [Fact]
    public async Task NnUnetExport_NamesGeometryLabelsAndDatasetJson()
    {
        // A brain generator with two modalities (version 2, the default), so every case has two channel files.
        var repository = models.NewRepository(copyModels: true);
        models.Export("brain-two-modalities", repository);
        await using var server = await ServerProcess.StartAsync(repository);
        var root = _temp.NewFolder();

        var (exitCode, stdout, stderr) = ClientRun.Run(ClientRun.Augment(server, Path.Combine(root, "synthetic"), 5, models.Data,
            "--nnunet", Path.Combine(root, "nnunet"), "--nnunet-id", "42", "--nnunet-name", "Test", "--nnunet-with-real"));

        Assert.True(exitCode == 0, stderr);
        var folder = Path.Combine(root, "nnunet", "Dataset042_Test");
        var images = Directory.GetFiles(Path.Combine(folder, "imagesTr")).Select(Path.GetFileName).Order().ToList();
        var labels = Directory.GetFiles(Path.Combine(folder, "labelsTr")).Select(Path.GetFileName).Order().ToList();
        Assert.All(images, name => Assert.Matches("^(SYN_\\d{6}|PHANTOM_\\d{3})_000[01]\\.nii\\.gz$", name!));
        Assert.Equal(labels.SelectMany(l => new[] { l!.Replace(".nii.gz", "_0000.nii.gz"), l.Replace(".nii.gz", "_0001.nii.gz") }).Order(), images);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "dataset.json")))!;
        Assert.Equal(labels.Count, json["numTraining"]!.GetValue<int>());
        Assert.Equal(8, labels.Count); // 5 synthetic + the 3 real training cases of the 5-case phantom (split 0.1 / 0.2)
        Assert.Equal(".nii.gz", json["file_ending"]!.GetValue<string>());
        Assert.Equal(("T1ce", "Flair"), (json["channel_names"]!["0"]!.GetValue<string>(), json["channel_names"]!["1"]!.GetValue<string>()));
        var declared = json["labels"]!.AsObject().Select(p => p.Value!.GetValue<int>()).Order().ToList();
        Assert.Equal(Enumerable.Range(0, declared.Count), declared); // consecutive from 0
        foreach (var label in labels)
        {
            var labelImage = BrainAug.Imaging.Nifti.NiftiReader.Read(Path.Combine(folder, "labelsTr", label!));
            foreach (var channel in new[] { "_0000", "_0001" })
            {
                var image = BrainAug.Imaging.Nifti.NiftiReader.Read(Path.Combine(folder, "imagesTr", label!.Replace(".nii.gz", $"{channel}.nii.gz")));
                Assert.Equal(labelImage.Shape, image.Shape);
                Assert.Equal(labelImage.Affine, image.Affine);
            }
            Assert.All(labelImage.Data, v => Assert.Contains((int)v, declared));
        }
        Assert.Contains("5 synthetic + 3 real cases", stdout);
    }

    [Fact]
    public async Task RegionsModels_BratsLabelsAllModalities_AndRegionBasedNnUnetDatasetJson()
    {
        var server = await models.RegionsServerAsync();
        var root = _temp.NewFolder();

        var (exitCode, _, stderr) = ClientRun.Run(ClientRun.Augment(server, Path.Combine(root, "synthetic"), 6, models.Data,
            "--nnunet", Path.Combine(root, "nnunet"), "--nnunet-id", "43", "--nnunet-name", "Regions"));

        Assert.True(exitCode == 0, stderr);
        // The synthetic dataset: BraTS 2018-2021 case folders with all four modalities and labels 0/1/2/4.
        var synthetic = BrainAug.Imaging.Datasets.BrainDataset.Open(Path.Combine(root, "synthetic"));
        var cases = synthetic.Cases.Select(c => c.Load(BrainAug.Imaging.Datasets.Modalities.All)).ToList();
        Assert.Equal(6, cases.Count);
        Assert.All(cases, c => Assert.Equal(4, c.Images.Count));
        var syntheticLabels = cases.SelectMany(c => c.Labels).Distinct().ToHashSet();
        Assert.True(syntheticLabels.Count >= 2, $"labels {string.Join(", ", syntheticLabels)}");
        // nnU-Net's region-based dataset.json, by its rules: background 0, the files' labels consecutive, each region a
        // tuple of those labels, one regions_class_order entry per region.
        var folder = Path.Combine(root, "nnunet", "Dataset043_Regions");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "dataset.json")))!;
        var labels = json["labels"]!.AsObject();
        Assert.Equal(0, labels["background"]!.GetValue<int>());
        Assert.Equal([1, 2, 3], labels["whole_tumour"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal([2, 3], labels["tumour_core"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal([3], labels["enhancing_tumour"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal([1, 2, 3], json["regions_class_order"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal(labels.Count - 1, json["regions_class_order"]!.AsArray().Count);
        Assert.Equal(["0", "1", "2", "3"], json["channel_names"]!.AsObject().Select(p => p.Key));
        // Each case's nnU-Net labels are its internal labels renumbered: edema 1, necrotic core 2, enhancing 3.
        foreach (var brainCase in cases)
        {
            var written = BrainAug.Imaging.Nifti.NiftiReader.Read(Path.Combine(folder, "labelsTr", brainCase.Id + ".nii.gz")).Data;
            byte[] nnunet = [0, 2, 1, 3]; // indexed by internal label: background, core, edema, enhancing
            Assert.Equal(brainCase.Labels.Select(l => (float)nnunet[l]), written);
        }
    }
}
