using System.Text.Json;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;
using BrainAug.TestSupport;

namespace BrainAug.Clients.Tests;

/// <summary>The augmentation client with an inpainting brain generator: tumours painted into real training slices.</summary>
[Trait("Category", "Slow")]
[Collection(ServerCollection.Name)]
public sealed class InpaintingClientTests(ModelsFixture models) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private const int Size = 32;

    [Fact]
    public async Task Augment_Inpainting_OutsideTheRegionIsTheHostBitForBit_AndTheLabelIsTheUnion()
    {
        var server = await models.InpaintingServerAsync();
        var output = Path.Combine(_temp.NewFolder(), "synthetic");

        var (exitCode, _, stderr) = ClientRun.Run(ClientRun.Augment(server, output, 6, models.Data));

        Assert.True(exitCode == 0, stderr);
        var hosts = HostSlices();
        var paintedPixels = 0;
        for (var i = 1; i <= 6; i++)
        {
            var id = $"SYN_{i:D6}";
            using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, id, "sample.json")));
            var host = hosts.Single(h => h.CaseId == sample.RootElement.GetProperty("host_case").GetString()
                                         && h.SliceIndex == sample.RootElement.GetProperty("host_slice").GetInt32());
            var region = Plane(output, id, "region").Select(v => v != 0).ToArray();
            var label = Plane(output, id, "seg");
            var modalities = ModelsFixture.InpaintingModalities.Split(',');
            for (var c = 0; c < modalities.Length; c++)
            {
                var image = Plane(output, id, modalities[c]);
                var hostChannel = host.Channel(c);
                for (var p = 0; p < image.Length; p++)
                    if (!region[p]) Assert.Equal(BitConverter.SingleToInt32Bits(hostChannel[p]), BitConverter.SingleToInt32Bits(image[p]));
            }
            for (var p = 0; p < label.Length; p++)
            {
                if (host.Label[p] != 0) Assert.True(label[p] != 0, $"{id}: the host's own tumour at pixel {p} lost its label");
                if (label[p] != 0) Assert.True(host.Label[p] != 0 || region[p], $"{id}: label at pixel {p} is neither the host's nor inside the painted region");
            }
            Assert.Contains(Enumerable.Range(0, label.Length), p => region[p] && label[p] != 0 && host.Label[p] == 0); // a new tumour was painted
            paintedPixels += region.Count(r => r);
        }
        Assert.True(paintedPixels > 0);
    }

    [Fact]
    public async Task Augment_Inpainting_KilledMidRun_RerunFinishesWithTheSameBytes()
    {
        var server = await models.InpaintingServerAsync();
        var root = _temp.NewFolder();
        var (whole, resumed) = (Path.Combine(root, "whole"), Path.Combine(root, "resumed"));
        const int count = 80;
        Assert.Equal(0, ClientRun.Run(ClientRun.Augment(server, whole, count, models.Data)).ExitCode);

        var before = await ClientRun.AugmentKilledAsync(ClientRun.Augment(server, resumed, count, models.Data, "--concurrency", "2"));
        Assert.InRange(before, 10, count - 1);
        var (exitCode, stdout, stderr) = ClientRun.Run(ClientRun.Augment(server, resumed, count, models.Data, "--concurrency", "2"));

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"{count - before} made now, {before} already there", stdout);
        Assert.Equal(count * 4, Directory.GetFiles(whole, "*.nii.gz", SearchOption.AllDirectories).Length); // two modalities, seg, region
        ClientRun.AssertSameDataset(whole, resumed);
    }

    [Fact]
    public async Task Augment_Inpainting_OverTheOpenInferenceProtocol_SameBytesAsOverBrainAug()
    {
        var server = await models.InpaintingServerAsync();
        var root = _temp.NewFolder();
        var (brainaug, oip) = (Path.Combine(root, "brainaug"), Path.Combine(root, "oip"));

        var viaBrainAug = ClientRun.Run(ClientRun.Augment(server, brainaug, 8, models.Data));
        var viaOip = ClientRun.Run(ClientRun.Augment(server, oip, 8, models.Data, "--protocol", "oip", "--repository", server.Repository));

        Assert.True(viaBrainAug.ExitCode == 0, viaBrainAug.Stderr);
        Assert.True(viaOip.ExitCode == 0, viaOip.Stderr);
        Assert.Equal(8 * 4, Directory.GetFiles(oip, "*.nii.gz", SearchOption.AllDirectories).Length);
        ClientRun.AssertSameDataset(brainaug, oip);
    }

    [Fact]
    public async Task Augment_Inpainting_NoHealthyHost_ClearError()
    {
        var server = await models.InpaintingServerAsync();
        var output = Path.Combine(_temp.NewFolder(), "synthetic");

        // Every slice the generator learnt from (--policy tumour) has a tumour, so there is no healthy host.
        var (exitCode, _, stderr) = ClientRun.Run(ClientRun.Augment(server, output, 2, models.Data, "--hosts", "healthy"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("and --hosts healthy", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Augment_RealTumours_EachNewTumourIsTheRecordedTrainingTumour_AndTheRunIsRecorded()
    {
        var server = await models.InpaintingServerAsync();
        var output = Path.Combine(_temp.NewFolder(), "synthetic");

        // No move, scale or rotation: each new tumour must be its training slice's map, pixel for pixel.
        var (exitCode, _, stderr) = ClientRun.Run(["augment", "--server", server.Address, "--count", "6", "--out", output, "--data", models.Data, "--seed", "5", "--tumours", "real"]);

        Assert.True(exitCode == 0, stderr);
        var slices = HostSlices();
        for (var i = 1; i <= 6; i++)
        {
            var id = $"SYN_{i:D6}";
            using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, id, "sample.json")));
            var root = sample.RootElement;
            BrainSlice Slice(string caseProperty, string sliceProperty) =>
                slices.Single(s => s.CaseId == root.GetProperty(caseProperty).GetString() && s.SliceIndex == root.GetProperty(sliceProperty).GetInt32());
            var (host, donor) = (Slice("host_case", "host_slice"), Slice("tumour_case", "tumour_slice"));
            var label = Plane(output, id, "seg");
            Assert.Contains(donor.Label, l => l != 0);
            for (var p = 0; p < label.Length; p++)
            {
                if (donor.Label[p] != 0) Assert.True(label[p] != 0, $"{id}: pixel {p} of {donor.CaseId}'s tumour is not labelled");
                if (label[p] != 0) Assert.True(donor.Label[p] != 0 || host.Label[p] != 0, $"{id}: label at pixel {p} is neither the host's tumour nor the placed one");
            }
        }
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "augment.json")));
        Assert.Equal("real", settings.RootElement.GetProperty("tumours").GetString());
        var rerun = ClientRun.Run(["augment", "--server", server.Address, "--count", "6", "--out", output, "--data", models.Data, "--seed", "5"]);
        Assert.NotEqual(0, rerun.ExitCode); // the same folder with generated tumours would mix the two kinds
        Assert.Contains("tumours real vs generated", rerun.Stderr);
    }

    [Fact]
    public async Task Augment_RealTumours_WithoutAnInpaintingBrainGenerator_ClearError()
    {
        var server = await models.SharedServerAsync();
        var output = Path.Combine(_temp.NewFolder(), "synthetic");

        var (exitCode, _, stderr) = ClientRun.Run(["augment", "--server", server.Address, "--count", "2", "--out", output, "--data", models.Data, "--tumours", "real"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("needs an inpainting brain generator", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(Directory.Exists(output));
    }

    /// <summary>The training slices the client draws hosts from, cut as the inpainting generator was trained.</summary>
    private List<BrainSlice> HostSlices()
    {
        var dataset = BrainDataset.Open(models.Data);
        var options = SliceOptionsFactory.Create(ModelsFixture.InpaintingModalities, "wt", "tumour", Size);
        return dataset.LoadSlices(dataset.Cases.Select(c => c.Id), options);
    }

    private static float[] Plane(string output, string id, string suffix) =>
        NiftiReader.Read(Path.Combine(output, id, $"{id}_{suffix}.nii.gz")).Data;
}
