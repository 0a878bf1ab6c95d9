using System.Runtime.InteropServices;
using System.Text;

namespace BrainAug.Benchmarks;

/// <summary>Rows measured in one run, printed as they come and written as one Markdown table with the machine.</summary>
public sealed class BenchmarkReport
{
    private readonly List<(string Section, string Name, string Value, string Ratio)> _rows = [];

    public void Add(string section, string name, string value, string ratio)
    {
        _rows.Add((section, name, value, ratio));
        Console.WriteLine($"{section,-10} {name,-48} {value,-26} {ratio}");
    }

    public void WriteMarkdown(string path, string commandLine)
    {
        var text = new StringBuilder();
        text.AppendLine($"# BrainAug benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine($"Machine: {Machine()}. Command: `{commandLine}`. Every ratio compares rows measured in this run.");
        text.AppendLine();
        text.AppendLine("| area | measurement | value | ratio |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (section, name, value, ratio) in _rows) text.AppendLine($"| {section} | {name} | {value} | {ratio} |");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
        Console.WriteLine($"report: {path}");
    }

    /// <summary>CPU model, cores, memory, OS and runtime, from /proc where available.</summary>
    public static string Machine()
    {
        string? Line(string file, string key) => File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        var cpu = Line("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = Line("/proc/meminfo", "MemTotal") is { } kb ? $"{long.Parse(kb.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024.0:F0} GiB" : "?";
        return $"{cpu}, {Environment.ProcessorCount} cores, {memory} RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, CPU only (no GPU used)";
    }
}
