using System.Diagnostics;
using System.Reflection;

namespace BrainAug.InferenceServer.Tests.Support;

/// <summary>The project's executables, built next to their own projects, run as a user would run them.</summary>
public static class Tools
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string Configuration =>
        typeof(Tools).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Server => Output("inference-server", "BrainAug.InferenceServer", "brainaug-server.dll");

    public static string Trainer => Output("trainer", "BrainAug.Trainer", "brainaug-trainer.dll");

    public static string Exporter => Output("exporter", "BrainAug.Exporter", "brainaug-exporter.dll");

    public static string Client => Output("clients", "BrainAug.Clients", "brainaug-client.dll");

    /// <summary>Runs dotnet <paramref name="dll"/> with the arguments; fails the test if it does not end in 5 minutes.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string dll, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(dll)} did not finish in 300 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a tool and fails the test with its output when it does not succeed.</summary>
    public static string RunOk(string dll, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = Run(dll, arguments);
        Assert.True(exitCode == 0, $"{Path.GetFileName(dll)} {string.Join(' ', arguments)} exited {exitCode}:\n{stdout}\n{stderr}");
        return stdout;
    }

    private static string Output(string folder, string project, string dll)
    {
        var path = Path.Combine(RepositoryRoot, folder, project, "bin", Configuration, "net10.0", dll);
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first");
        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "BrainAug.sln"))) return directory.FullName;
        throw new InvalidOperationException($"BrainAug.sln not found above {AppContext.BaseDirectory}");
    }
}
