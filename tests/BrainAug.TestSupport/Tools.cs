using System.Reflection;

namespace BrainAug.TestSupport;

/// <summary>The project's executables, built next to their own projects, run as a user would run them.</summary>
public static class Tools
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration the tests were built in (the tools are built in the same one).</summary>
    public static string Configuration =>
        typeof(Tools).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Server => Output("inference-server", "BrainAug.InferenceServer", "brainaug-server.dll");

    public static string Trainer => Output("trainer", "BrainAug.Trainer", "brainaug-trainer.dll");

    public static string Exporter => Output("exporter", "BrainAug.Exporter", "brainaug-exporter.dll");

    public static string Client => Output("clients", "BrainAug.Clients", "brainaug-client.dll");

    public static string Report => Output("clients", "BrainAug.Report", "brainaug-report.dll");

    public static string Experiment => Output("clients", "BrainAug.Experiment", "brainaug-experiment.dll");

    /// <summary>Runs dotnet <paramref name="dll"/> with the arguments; fails the test if it does not end in 5 minutes.</summary>
    public static ProcessResult Run(string dll, params string[] arguments) => ProcessRunner.Run("dotnet", [dll, .. arguments], Timeout);

    /// <summary>Starts dotnet <paramref name="dll"/> with the arguments (to kill it mid-run, say).</summary>
    public static RunningProcess Start(string dll, params string[] arguments) => RunningProcess.Start(ProcessRunner.Command("dotnet", [dll, .. arguments]));

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
