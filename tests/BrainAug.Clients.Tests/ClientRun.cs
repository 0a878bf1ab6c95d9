using System.Text.Json.Nodes;
using BrainAug.TestSupport;

namespace BrainAug.Clients.Tests;

/// <summary>brainaug-client as a process: run to the end, or start and kill it mid-run.</summary>
public static class ClientRun
{
    public static ProcessResult Run(params string[] arguments) => Tools.Run(Tools.Client, arguments);

    /// <summary>Starts the client (to kill it, or its server, mid-run).</summary>
    public static RunningProcess Start(params string[] arguments) => Tools.Start(Tools.Client, arguments);

    /// <summary>Starts an augmentation into <paramref name="output"/>, kills it (SIGKILL: no chance to clean up) once it
    /// has written at least 10 cases, and returns how many it left.</summary>
    public static async Task<int> AugmentKilledAsync(params string[] arguments)
    {
        var output = arguments[Array.IndexOf(arguments, "--out") + 1];
        using (var process = Start(arguments))
        {
            while (!process.HasExited && (!Directory.Exists(output) || Directory.GetDirectories(output, "SYN_*").Length < 10)) await Task.Delay(10);
            process.Kill();
            await process.WaitForExitAsync();
        }
        return Directory.GetDirectories(output, "SYN_*").Length;
    }

    /// <summary>The augment options the tests share: the tiny generators draw half-frame blobs, so tumours are
    /// shrunk and placed at a random brain pixel to pass the inside-the-brain check.</summary>
    public static string[] Augment(ServerProcess server, string output, int count, string data, params string[] extra) =>
        ["augment", "--server", server.Address, "--count", $"{count}", "--out", output, "--data", data, "--seed", "5",
         "--centre", "random", "--scale", "0.2,0.3", "--rotation", "20", .. extra];

    /// <summary>The two synthetic datasets hold the same bytes: every NIfTI file, and the manifest but for its "created" times.</summary>
    public static void AssertSameDataset(string expected, string actual)
    {
        var files = Directory.GetFiles(expected, "*.nii.gz", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.Equal(files.Length, Directory.GetFiles(actual, "*.nii.gz", SearchOption.AllDirectories).Length);
        foreach (var file in files)
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(actual, Path.GetRelativePath(expected, file))));
        Assert.Equal(WithoutCreated(Path.Combine(expected, "manifest.jsonl")), WithoutCreated(Path.Combine(actual, "manifest.jsonl")));
    }

    private static string[] WithoutCreated(string manifest) => [.. File.ReadAllLines(manifest).Select(line =>
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node.Remove("created");
        return node.ToJsonString();
    })];
}
