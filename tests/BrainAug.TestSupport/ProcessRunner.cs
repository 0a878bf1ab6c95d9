using System.Diagnostics;
using System.Text;

namespace BrainAug.TestSupport;

/// <summary>What a finished process printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// The one way the tests run a program: arguments as a list (never a shell string), both output streams drained
/// so a chatty program never blocks, a timeout that fails the test and kills the whole process tree.
/// </summary>
public static class ProcessRunner
{
    public static ProcessStartInfo Command(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        return start;
    }

    /// <summary>Runs to the end; fails the test when it takes longer than <paramref name="timeout"/>.</summary>
    public static ProcessResult Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = RunningProcess.Start(start);
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            Assert.Fail($"{Describe(start)} did not finish in {timeout.TotalSeconds:F0} s");
        }
        return process.Result();
    }

    public static ProcessResult Run(string program, IEnumerable<string> arguments, TimeSpan timeout) => Run(Command(program, arguments), timeout);

    public static string Describe(ProcessStartInfo start) => $"{start.FileName} {string.Join(' ', start.ArgumentList)}";
}

/// <summary>A started process whose output is collected as it comes (so its pipes never fill, and a long-running
/// server's output can be read while it runs).</summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new(), _output = new();

    private RunningProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static RunningProcess Start(ProcessStartInfo start) => new(Process.Start(start)!);

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Both streams, interleaved as they arrived, so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Waits for the process to exit and, when it has, for its output to be read to the end: the timed
    /// Process.WaitForExit returns before the last lines reach the handlers, so a test reading Output could miss them.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit();
        return true;
    }

    public Task WaitForExitAsync(CancellationToken cancellation = default) => _process.WaitForExitAsync(cancellation);

    /// <summary>The exit code and everything printed (waits for the process and its output to end).</summary>
    public ProcessResult Result()
    {
        _process.WaitForExit();
        lock (_output) return new ProcessResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
    }

    /// <summary>SIGKILL to the process and its children.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit();
        _process.Dispose();
    }

    private void Append(StringBuilder stream, string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            stream.AppendLine(line);
            _output.AppendLine(line);
        }
    }
}
