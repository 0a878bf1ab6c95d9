using System.Text.RegularExpressions;
using System.Xml.Linq;
using BrainAug.TestSupport;

namespace BrainAug.Experiment.Tests;

using Tools = BrainAug.TestSupport.Tools;

/// <summary>What every one of the six tools promises on its command line: the product's one version, and --help that
/// states each default once.</summary>
public partial class ToolCommandLineTests
{
    public static TheoryData<string> AllTools => [Tools.Trainer, Tools.Exporter, Tools.Server, Tools.Client, Tools.Experiment, Tools.Report];

    [Theory]
    [MemberData(nameof(AllTools))]
    public void Version_IsDirectoryBuildPropsVersionWithTheCommit_AndStartsNothing(string tool)
    {
        var (exitCode, stdout, stderr) = Tools.Run(tool, "--version");

        Assert.True(exitCode == 0, stderr);
        var version = XDocument.Load(Path.Combine(Tools.RepositoryRoot, "Directory.Build.props")).Descendants("Version").Single().Value;
        // The SDK appends "+<commit>" (40 hex digits) when the build sees the git repository.
        Assert.Matches($@"^{Regex.Escape(version)}(\+[0-9a-f]{{40}})?$", stdout.Trim());
        Assert.Equal("", stderr);
    }

    [Theory]
    [MemberData(nameof(AllTools))]
    public void Help_StatesEachDefaultOnce(string tool)
    {
        foreach (var command in Commands(tool))
        {
            var help = Tools.RunOk(tool, [.. command, "--help"]);
            // System.CommandLine prints "[default: x]" itself for an option with a default; a description that also
            // says "(default: x)" showed it twice.
            var doubled = Options(help).Where(option => option.Contains("[default:") && DescribedDefault().IsMatch(option)).ToList();
            Assert.True(doubled.Count == 0, $"{Path.GetFileName(tool)} {string.Join(' ', command)}: {string.Join("\n", doubled)}");
        }
    }

    /// <summary>The root command and each subcommand its --help lists.</summary>
    private static IEnumerable<string[]> Commands(string tool)
    {
        yield return [];
        var lines = Tools.RunOk(tool, "--help").Split('\n');
        foreach (var line in lines.SkipWhile(l => !l.StartsWith("Commands:")).Skip(1).TakeWhile(l => l.Trim().Length > 0))
            yield return [line.Trim().Split(' ')[0]];
    }

    /// <summary>Each option's entry in a --help text, its wrapped description lines joined.</summary>
    private static IEnumerable<string> Options(string help)
    {
        var entry = "";
        foreach (var line in help.Split('\n'))
        {
            if (line.StartsWith("  -") || line.Trim().Length == 0 || !line.StartsWith(' '))
            {
                if (entry.Length > 0) yield return entry;
                entry = line.StartsWith("  -") ? line : "";
            }
            else if (entry.Length > 0) entry += " " + line.Trim();
        }
        if (entry.Length > 0) yield return entry;
    }

    [GeneratedRegex(@"\(default[:; ]")]
    private static partial Regex DescribedDefault();
}
