using System.Text.Json;
using BrainAug.TestSupport;

namespace BrainAug.Clients.Tests;

/// <summary>The server killed with SIGKILL during an augmentation run.</summary>
[Trait("Category", "Slow")]
[Collection(ServerCollection.Name)]
public sealed class FaultTests(ModelsFixture models) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ServerKilledDuringAugmentation_ClientFailsClearly_RerunCompletesWithoutLossOrDuplicate()
    {
        var repository = models.NewRepository(copyModels: true);
        var output = Path.Combine(_temp.NewFolder(), "synthetic");
        const int count = 300;
        int exitCode;
        string stderr;
        await using (var server = await ServerProcess.StartAsync(repository))
        {
            var client = ClientRun.Start(ClientRun.Augment(server, output, count, models.Data, "--concurrency", "2", "--deadline-seconds", "5"));
            using var _ = client;
            while (!client.HasExited && (!Directory.Exists(output) || Directory.GetDirectories(output, "SYN_*").Length < 10)) await Task.Delay(10);
            await server.KillAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await client.WaitForExitAsync(patience.Token);
            (exitCode, stderr) = (client.ExitCode, client.Result().Stderr);
        }

        Assert.Equal(3, exitCode);
        // A call in flight when the server dies fails with Unavailable or, when the kill lands while it waits under
        // load, with its deadline first (seen once in a full suite run): both name the server and what happened.
        Assert.Contains("brainaug-server at http://127.0.0.1:", stderr);
        Assert.Matches("is unreachable|did not answer in time", stderr);
        Assert.DoesNotContain("   at ", stderr);
        var before = Directory.GetDirectories(output, "SYN_*").Length;
        Assert.InRange(before, 10, count - 1);

        await using var restarted = await ServerProcess.StartAsync(repository);
        var rerun = ClientRun.Run(ClientRun.Augment(restarted, output, count, models.Data, "--concurrency", "2"));

        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Equal(count, Directory.GetDirectories(output, "SYN_*").Length);
        Assert.Empty(Directory.GetDirectories(output, ".tmp-*"));
        var indices = File.ReadAllLines(Path.Combine(output, "manifest.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("index").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(0, count), indices);
    }
}
