using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Grpc.Core;

namespace BrainAug.InferenceServer.Tests;

/// <summary>Command line, configuration sources, and graceful shutdown of the real executable.</summary>
[Collection(ServerCollection.Name)]
public class ServerLifecycleTests(ModelsFixture models)
{
    [Fact]
    public void Help_ListsEveryOptionAndTheConfigurationSources()
    {
        var (exitCode, stdout, _) = Tools.Run(Tools.Server, "--help");

        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--repository", "--address", "--port", "--metrics-port", "--tls-certificate", "--token", "--provider", "--max-batch-size", "--max-queue-delay-ms", "--poll-seconds" })
            Assert.Contains(option, stdout);
        Assert.Contains("appsettings.json", stdout);
        Assert.Contains("BRAINAUG_Server__Port", stdout);
    }

    [Theory]
    [InlineData("--prot 5000", "unknown option '--prot' (see --help)")]
    [InlineData("--port 70000", "--port 70000 is not a TCP port")]
    [InlineData("--port abc", "abc")]
    [InlineData("--address localhost", "--address 'localhost' is not an IP address")]
    [InlineData("--provider tpu", "--provider 'tpu' must be auto, cpu or cuda")]
    [InlineData("--max-batch-size 0", "--max-batch-size 0 must lie in 1..1024")]
    [InlineData("--tls-certificate /nonexistent/cert.pem", "--tls-certificate /nonexistent/cert.pem does not exist")]
    [InlineData("--port", "option --port needs a value")]
    public void BadOption_OneLineErrorAndExitCode2(string arguments, string message)
    {
        var (exitCode, stdout, stderr) = Tools.Run(Tools.Server, arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task EnvironmentVariable_ConfiguresTheServer()
    {
        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true),
            environment: new Dictionary<string, string> { ["BRAINAUG_Server__MaxGenerateCount"] = "7" });

        var listing = await server.Client().ListModelsAsync(new ListModelsRequest());

        Assert.Equal(7, listing.MaxGenerateCount);
    }

    [Fact]
    public async Task DefaultBind_IsLoopbackOnly()
    {
        var server = await models.SharedServerAsync(); // started without --address

        Assert.Contains($"on http://127.0.0.1:{server.Port}", server.Output);
        // 127.0.0.2 reaches this machine on every Linux (all of 127/8 is loopback) but is not 127.0.0.1: a server bound to
        // every address would accept it. So would an external address, where the machine has one.
        var others = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a))
            .Prepend(System.Net.IPAddress.Parse("127.0.0.2"));
        foreach (var address in others)
        {
            using var socket = new System.Net.Sockets.TcpClient();
            await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => socket.ConnectAsync(address, server.Port));
        }
        using var local = new System.Net.Sockets.TcpClient();
        await local.ConnectAsync(System.Net.IPAddress.Loopback, server.Port); // the probe itself works
    }

    [Fact]
    public async Task PortInUse_ClearErrorAndExitCode2()
    {
        var server = await models.SharedServerAsync();

        var (exitCode, stdout, stderr) = Tools.Run(Tools.Server, "--repository", models.Models, "--port", $"{server.Port}", "--metrics-port", "0");

        Assert.Equal(2, exitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{server.Port}: ", stderr); // metrics are off: not named
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("   at ", stdout); // the host's own log of the failure, stack trace and all, is not printed
        Assert.DoesNotContain("Hosting failed", stdout);
    }

    [Fact]
    public async Task PortZero_TheBoundPortIsWrittenToThePortFile()
    {
        using var folder = new TempDirectory();
        var portFile = folder.File("server.port");
        using var process = RunningProcess.Start(ProcessRunner.Command("timeout",
            ["120", "dotnet", Tools.Server, "--repository", models.Models, "--port", "0", "--port-file", portFile, "--metrics-port", "0"]));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(portFile) && !process.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.True(File.Exists(portFile), process.Output);
        var port = int.Parse(File.ReadAllText(portFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(port, 1, 65535);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var health = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.NotEqual(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Unknown, health.Status);
        // The log names the same port (the console logger writes in the background, so it may come a moment later).
        while (!process.Output.Contains($"on http://127.0.0.1:{port} ") && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Contains($"on http://127.0.0.1:{port} ", process.Output);
    }

    [Fact]
    public async Task Sigterm_InFlightStreamDrainsThenProcessExitsCleanly()
    {
        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true));
        using var stream = server.Client().GeneratePairs(new GeneratePairsRequest { Count = 3000, ChunkSize = 1, Outline = Tensors.Float32(Tensors.Outline(32), 1, 1, 32, 32) });
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));

        var started = System.Diagnostics.Stopwatch.StartNew();
        server.Terminate();
        var received = 1;
        while (await stream.ResponseStream.MoveNext(CancellationToken.None)) received++;
        // The stream was still being generated after SIGTERM (3000 one-pair chunks take seconds; 500 took 0.14 s once a
        // lone stream no longer waited the batch delay), so this shows a drain.
        Assert.True(started.Elapsed > TimeSpan.FromMilliseconds(200), $"the stream ended {started.ElapsedMilliseconds} ms after SIGTERM");

        Assert.Equal(3000, received);
        Assert.Equal(StatusCode.OK, stream.GetStatus().StatusCode);
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
