using System.Diagnostics;

namespace BrainAug.Experiment;

/// <summary>One tool run (dotnet TOOL.dll ARGS...) with its output in a log file and, when asked, on the console.</summary>
public sealed class ToolRun : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly bool _echo;
    private bool _closed;

    /// <summary>Every tool still running, so that an interrupted experiment stops them all (trainings resume from
    /// their checkpoints on the rerun).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ToolRun, byte> Live = new();

    private ToolRun(Process process, StreamWriter log, bool echo) => (_process, _log, _echo) = (process, log, echo);

    /// <summary>True once the experiment is stopping (Ctrl+C, exit, a failed stage): a tool that dies then was
    /// killed on purpose and is not started again.</summary>
    public static bool Stopping { get; private set; }

    public static void KillAll()
    {
        Stopping = true;
        foreach (var run in Live.Keys) run.Kill();
    }

    public static ToolRun Start(string tool, IEnumerable<string> arguments, string logPath, bool echo)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        log.WriteLine($"$ dotnet {string.Join(' ', start.ArgumentList)}");
        var process = new Process { StartInfo = start };
        var run = new ToolRun(process, log, echo);
        process.OutputDataReceived += (_, e) => run.Write(e.Data);
        process.ErrorDataReceived += (_, e) => run.Write(e.Data);
        process.Start();
        Live.TryAdd(run, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    public void Dispose()
    {
        Live.TryRemove(this, out _);
        Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log)
            if (!_closed) _log.WriteLine(line);
        if (_echo) Console.WriteLine(line);
    }
}
