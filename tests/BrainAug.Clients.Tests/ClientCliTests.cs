using BrainAug.TestSupport;

namespace BrainAug.Clients.Tests;

/// <summary>brainaug-client on bad command lines and paths: one line each, exit code 2, the trace only with --verbose.</summary>
[Collection(ServerCollection.Name)]
public class ClientCliTests(ModelsFixture models)
{
    [Theory]
    [InlineData("augment --count 3", "Option '--out' is required")]
    [InlineData("augment --count 0 --out /tmp/brainaug-never", "--count must lie in 1..10000000")]
    [InlineData("augment --count 3 --out /tmp/brainaug-never --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("augment --count 3 --out /tmp/brainaug-never --server ftp://x", "--server 'ftp://x' is not an http:// or https:// address")]
    [InlineData("augment --count 3 --out /tmp/brainaug-never --scale 2,1", "--scale must be min,max with 0 < min <= max")]
    [InlineData("augment --count 3 --out /tmp/brainaug-never --centre middle", "--centre 'middle' must be generated, random, or x,y")]
    [InlineData("evaluate --data /tmp --out /tmp/brainaug-never --threshold 2", "--threshold must lie in (0, 1]")]
    [InlineData("evaluate --data /tmp --out /tmp/brainaug-never --split sideways", "sideways")]
    [InlineData("evaluate --data /tmp --out /tmp/brainaug-never --split validation --model-cards /tmp", "--model-cards records test metrics: use it with --split test")]
    [InlineData("evaluate --data /tmp --out /tmp/brainaug-never --model-cards /nonexistent/models", "--model-cards /nonexistent/models is not a folder")]
    public void BadCommandLine_OneLineExitCode2(string commandLine, string message)
    {
        var (exitCode, stdout, stderr) = ClientRun.Run(commandLine.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
        Assert.False(Directory.Exists("/tmp/brainaug-never"));
    }

    [Fact]
    public async Task UnwritableOutputAndMissingData_OneLineExitCode2_TraceWithVerbose()
    {
        var server = await models.SharedServerAsync();

        var unwritable = ClientRun.Run(ClientRun.Augment(server, "/proc/brainaug-synthetic", 2, models.Data));
        var neverCreated = Path.Combine(Path.GetTempPath(), $"brainaug-{Guid.NewGuid():N}");
        var missingData = ClientRun.Run(ClientRun.Augment(server, neverCreated, 2, "/nonexistent/data", "--verbose"));

        Assert.Equal(2, unwritable.ExitCode);
        Assert.StartsWith("brainaug-client: ", unwritable.Stderr);
        Assert.DoesNotContain("   at ", unwritable.Stderr);
        Assert.Equal(2, missingData.ExitCode);
        Assert.Contains("brainaug-client: dataset folder /nonexistent/data does not exist", missingData.Stderr);
        Assert.Contains("   at ", missingData.Stderr); // --verbose
        Assert.False(Directory.Exists(neverCreated), "a run that fails its checks must not leave an output folder");
    }
}
