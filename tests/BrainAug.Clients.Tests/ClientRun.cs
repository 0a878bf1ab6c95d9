using System.Diagnostics;
using BrainAug.InferenceServer.Tests.Support;

namespace BrainAug.Clients.Tests;

/// <summary>brainaug-client as a process: run to the end, or start and kill it mid-run.</summary>
public static class ClientRun
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments) => Tools.Run(Tools.Client, arguments);

    /// <summary>Starts the client; its stderr is collected in the returned task (so the pipe never fills).</summary>
    public static (Process Process, Task<string> Stderr) Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Tools.Client);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return (process, process.StandardError.ReadToEndAsync());
    }

    /// <summary>The augment options the tests share: the tiny generators draw half-frame blobs, so tumours are
    /// shrunk and placed at a random brain pixel to pass the inside-the-brain check.</summary>
    public static string[] Augment(ServerProcess server, string output, int count, string data, params string[] extra) =>
        ["augment", "--server", server.Address, "--count", $"{count}", "--out", output, "--data", data, "--seed", "5",
         "--centre", "random", "--scale", "0.2,0.3", "--rotation", "20", .. extra];
}
