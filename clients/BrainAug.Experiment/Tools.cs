using System.Diagnostics;

namespace BrainAug.Experiment;

/// <summary>
/// Where the other tools' builds are: beside this one in the repository (same configuration), so that the experiment
/// runs the tools it was built with.
/// </summary>
public sealed class Tools
{
    private readonly string _root;
    private readonly string _configuration;

    private Tools(string root, string configuration) => (_root, _configuration) = (root, configuration);

    public string RepositoryRoot => _root;

    public string Trainer => Tool("trainer/BrainAug.Trainer", "brainaug-trainer");

    public string Exporter => Tool("exporter/BrainAug.Exporter", "brainaug-exporter");

    public string Server => Tool("inference-server/BrainAug.InferenceServer", "brainaug-server");

    public string Client => Tool("clients/BrainAug.Clients", "brainaug-client");

    public string Report => Tool("clients/BrainAug.Report", "brainaug-report");

    /// <summary>Finds the repository above this executable (bin/&lt;configuration&gt;/net10.0).</summary>
    public static Tools Locate()
    {
        var binary = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = binary.Parent?.Name ?? "Release";
        for (var folder = binary; folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "BrainAug.sln"))) return new Tools(folder.FullName, configuration);
        throw new InvalidOperationException($"no BrainAug.sln above {AppContext.BaseDirectory}: run brainaug-experiment from its build in the repository");
    }

    private string Tool(string project, string name)
    {
        var path = Path.Combine(_root, project, "bin", _configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} does not exist: build the solution ({_configuration}) first");
    }

    /// <summary>The repository's commit, "(with uncommitted changes)" when the tree differs; "unknown" without git.</summary>
    public string GitCommit()
    {
        var commit = Git("rev-parse", "--short", "HEAD");
        if (commit.Code != 0) return "unknown";
        return Git("diff", "--quiet", "HEAD").Code == 0 ? commit.Output : $"{commit.Output} (with uncommitted changes)";
    }

    private (int Code, string Output) Git(params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return (git.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
