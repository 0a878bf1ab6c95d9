using System.ComponentModel;
using System.Diagnostics;

namespace BrainAug.Experiment.Slurm;

/// <summary>A job's state as Slurm reports it (RUNNING, PENDING, COMPLETED, CANCELLED, ...) and why it waits.</summary>
public sealed record SlurmJobState(string State, string Reason)
{
    /// <summary>States in which a job will not run again by itself.</summary>
    private static readonly HashSet<string> EndStates =
        ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY"];

    public bool HasEnded => EndStates.Contains(State);

    /// <summary>Ended through the machine or the scheduler rather than through its own command: a resubmission resumes it.</summary>
    public bool IsInfrastructureFailure => State is "NODE_FAIL" or "PREEMPTED" or "BOOT_FAIL" or "TIMEOUT";

    public bool WaitsForAFailedDependency => State == "PENDING" && Reason == "DependencyNeverSatisfied";

    public override string ToString() => Reason is "" or "None" ? State : $"{State} ({Reason})";
}

/// <summary>
/// Slurm's own commands, run as a user runs them (sbatch, squeue, scontrol, scancel, sacct), with their errors passed
/// on word for word. The cluster is whichever these commands reach (SLURM_CONF and the usual Slurm settings apply).
/// </summary>
public static class SlurmCommands
{
    /// <summary>Fails with one line when the commands are missing or no controller answers.</summary>
    public static void CheckReachable()
    {
        var ping = Run("scontrol", ["ping"]);
        if (ping.Code != 0 || !ping.Output.Contains("is UP"))
            throw new SlurmException($"--executor slurm: no Slurm controller answers ('scontrol ping': {FirstLine(ping.Output, ping.Error)})");
    }

    /// <summary>Asks sbatch whether it would take a job with <paramref name="options"/>, without submitting it: a
    /// partition, account or limit the cluster refuses fails here with sbatch's own error.</summary>
    public static void TestSubmission(IEnumerable<string> options)
    {
        var test = Run("sbatch", ["--test-only", "--array=0", .. options], standardInput: "#!/bin/bash\ntrue\n");
        if (test.Code != 0) throw new SlurmException($"--executor slurm: sbatch refuses the job: {SbatchError(test.Error)}");
    }

    /// <summary>Submits <paramref name="script"/> as the array tasks <paramref name="tasks"/>, after every job of
    /// <paramref name="afterOk"/> has completed successfully; returns the array job's id.</summary>
    public static string Submit(string script, IReadOnlyList<int> tasks, IReadOnlyCollection<string> afterOk)
    {
        var arguments = new List<string> { "--parsable", $"--array={string.Join(',', tasks)}" };
        if (afterOk.Count > 0) arguments.Add($"--dependency=afterok:{string.Join(':', afterOk)}");
        arguments.Add(script);
        var submitted = Run("sbatch", arguments);
        if (submitted.Code != 0) throw new SlurmException($"sbatch refused the job: {SbatchError(submitted.Error)}");
        return submitted.Output.Trim().Split(';')[0]; // "ID" or "ID;CLUSTER"
    }

    /// <summary>Points a pending job's dependency at <paramref name="afterOk"/> (none: it may start at once).</summary>
    public static void SetDependency(string jobId, IReadOnlyCollection<string> afterOk)
    {
        var dependency = afterOk.Count > 0 ? $"afterok:{string.Join(':', afterOk)}" : "";
        var update = Run("scontrol", ["update", $"JobId={jobId}", $"Dependency={dependency}"]);
        if (update.Code != 0) throw new SlurmException($"scontrol update JobId={jobId} Dependency={dependency} failed: {FirstLine(update.Error, update.Output)}");
    }

    /// <summary>
    /// The state of each of <paramref name="jobIds"/> ("12_3") that Slurm's controller still knows, pending, running
    /// or recently ended (it forgets ended jobs after its MinJobAge). Null when squeue did not answer (a busy or
    /// restarting controller): the caller asks again later rather than taking every job for gone.
    /// </summary>
    public static Dictionary<string, SlurmJobState>? States(IReadOnlyCollection<string> jobIds)
    {
        var states = new Dictionary<string, SlurmJobState>();
        if (jobIds.Count == 0) return states;
        var arrays = jobIds.Select(id => id.Split('_')[0]).Distinct();
        var queue = Run("squeue", ["--noheader", "--array", "--states=all", "--format=%i|%T|%r", $"--jobs={string.Join(',', arrays)}"]);
        if (queue.Code != 0)
            return queue.Error.Contains("Invalid job id") ? states : null; // every job forgotten: squeue refuses the list
        foreach (var line in queue.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('|');
            if (fields.Length == 3 && jobIds.Contains(fields[0])) states[fields[0]] = new SlurmJobState(fields[1], fields[2]);
        }
        return states;
    }

    /// <summary>How a job that squeue no longer shows ended, from the accounting database (sacct); null where the
    /// cluster keeps no accounting.</summary>
    public static string? AccountedState(string jobId)
    {
        var accounting = Run("sacct", ["--noheader", "--parsable2", "--allocations", "--format=State", $"--jobs={jobId}"]);
        var state = accounting.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim();
        return accounting.Code == 0 && !string.IsNullOrEmpty(state) ? state : null;
    }

    private static string SbatchError(string error)
    {
        // sbatch says "sbatch: error: Batch job submission failed: <why>" after its warnings: pass on the line that says why.
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        return lines.LastOrDefault(l => l.Contains("error:")) ?? lines.LastOrDefault() ?? "no message";
    }

    private static string FirstLine(params string[] texts) =>
        texts.SelectMany(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => l.Trim()).FirstOrDefault() ?? "no answer";

    private sealed record Result(int Code, string Output, string Error);

    private static Result Run(string command, IReadOnlyList<string> arguments, string standardInput = "")
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Write(standardInput); // sbatch reads the job script from its input when given no file
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Result(process.ExitCode, output, error.Result);
        }
        catch (Win32Exception)
        {
            throw new SlurmException($"--executor slurm: '{command}' is not on PATH: install Slurm's client commands on this machine " +
                                     "(Debian/Ubuntu: slurm-client) and point them at the cluster");
        }
    }
}
