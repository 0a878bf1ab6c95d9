using System.Diagnostics;

namespace BrainAug.Clients;

/// <summary>One updating line on stderr: done/total, items per second and the time left (plain lines when redirected).</summary>
public sealed class ProgressBar(string what, int total, int alreadyDone)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly int _start = alreadyDone;
    private int _done = alreadyDone;
    private int _reported;

    public void Advance(int count = 1)
    {
        lock (_lock)
        {
            _done += count;
            var interactive = !Console.IsErrorRedirected;
            if (!interactive && _done != total && _done - _reported < Math.Max(1, total / 10)) return;
            _reported = _done;
            Console.Error.Write(interactive ? $"\r{Line()}   " : $"{Line()}\n");
            if (interactive && _done == total) Console.Error.WriteLine();
        }
    }

    private string Line()
    {
        var made = _done - _start;
        var rate = made / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        var eta = TimeSpan.FromSeconds(rate > 0 ? (total - _done) / rate : 0);
        var filled = total == 0 ? 20 : 20 * _done / total;
        return $"[{new string('#', filled)}{new string('.', 20 - filled)}] {_done}/{total} {what} {rate:F1}/s ETA {eta:hh\\:mm\\:ss}";
    }
}
