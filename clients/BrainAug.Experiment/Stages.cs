using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>A stage that failed; the message names it and its log.</summary>
public sealed class StageFailedException(string message) : Exception(message);

/// <summary>
/// The run folder's stages: each leaves stages/&lt;name&gt;.done when complete and is skipped on a rerun; its output
/// goes to logs/&lt;name&gt;.log. Background stages run side by side, at most <c>jobs</c> at a time; a failure stops
/// the experiment after printing the end of the stage's log.
/// </summary>
public sealed class Stages(ExperimentLayout run, int jobs)
{
    private readonly List<(string Name, Task Task)> _running = [];

    public string LogPath(string name) => Path.Combine(run.Logs, name + ".log");

    private string DonePath(string name) => Path.Combine(run.Stages, name + ".done");

    public static void Say(string message) => Console.WriteLine($"[experiment {DateTime.Now:HH:mm:ss}] {message}");

    public bool IsDone(string name) => File.Exists(DonePath(name));

    /// <summary>Runs <paramref name="steps"/> now, its output on the console too, unless it finished before.</summary>
    public async Task RunAsync(string name, Func<StageSteps, Task> steps)
    {
        if (Skipped(name)) return;
        Say(name);
        await RunStepsAsync(name, steps, echo: true);
    }

    /// <summary>Starts <paramref name="steps"/> in the background (output in its log only) once fewer than
    /// <c>jobs</c> stages run, unless it finished before.</summary>
    public async Task StartAsync(string name, Func<StageSteps, Task> steps)
    {
        if (Skipped(name)) return;
        while (_running.Count >= jobs) await ReapOneAsync();
        Say($"{name}: started (log in {LogPath(name)})");
        _running.Add((name, RunStepsAsync(name, steps, echo: false)));
    }

    /// <summary>Waits until none of <paramref name="names"/> is still running (each finished now or in an earlier
    /// run), while the other background stages go on; throws for the first stage that failed meanwhile.</summary>
    public async Task WaitForAsync(params string[] names)
    {
        while (_running.Any(r => names.Contains(r.Name))) await ReapOneAsync();
    }

    /// <summary>Waits for every background stage; throws for the first that failed.</summary>
    public async Task WaitAllAsync()
    {
        while (_running.Count > 0) await ReapOneAsync();
    }

    private bool Skipped(string name)
    {
        if (!IsDone(name)) return false;
        Say($"{name}: done in an earlier run, skipped");
        return true;
    }

    private async Task ReapOneAsync()
    {
        var finished = await Task.WhenAny(_running.Select(r => r.Task));
        var (name, task) = _running.First(r => r.Task == finished);
        _running.RemoveAll(r => r.Task == finished);
        await task; // rethrows the stage's failure
        Say($"{name}: done");
    }

    private async Task RunStepsAsync(string name, Func<StageSteps, Task> steps, bool echo)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath(name))!);
        // A stage run again after a failure appends: the failed run's log is what explains the failure.
        if (File.Exists(LogPath(name))) File.AppendAllText(LogPath(name), $"--- {name} started again at {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}\n");
        await steps(new StageSteps(this, name, echo));
        Directory.CreateDirectory(Path.GetDirectoryName(DonePath(name))!);
        File.WriteAllText(DonePath(name), "");
    }

    /// <summary>Runs one tool as a step of a stage; returns its exit status.</summary>
    internal async Task<int> RunToolAsync(string stage, bool echo, string tool, IReadOnlyList<string> arguments)
    {
        using var process = ToolRun.Start(tool, arguments, LogPath(stage), echo);
        return await process.WaitAsync();
    }

    /// <summary>The failure of a stage whose tool exited with <paramref name="code"/>, with the end of its log.</summary>
    internal StageFailedException Failure(string stage, int code)
    {
        var tail = File.ReadLines(LogPath(stage)).TakeLast(15);
        return new StageFailedException($"{string.Join('\n', tail)}\n{stage} failed (exit status {code}); its log: {LogPath(stage)}. Rerun the same command to go on.");
    }
}

/// <summary>What a stage's steps can do: run a tool, with the output where the stage sends it.</summary>
public sealed class StageSteps(Stages stages, string name, bool echo)
{
    public string Name => name;

    /// <summary>Runs a tool; a non-zero exit fails the stage.</summary>
    public async Task ToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var code = await TryToolAsync(tool, arguments);
        if (code != 0) throw Failure(code);
    }

    /// <summary>Runs a tool and returns its exit status (the caller decides what a failure means).</summary>
    public Task<int> TryToolAsync(string tool, IReadOnlyList<string> arguments) => stages.RunToolAsync(name, echo, tool, arguments);

    public StageFailedException Failure(int code) => stages.Failure(name, code);
}
