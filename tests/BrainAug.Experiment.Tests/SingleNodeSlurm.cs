using BrainAug.TestSupport;

namespace BrainAug.Experiment.Tests;

// The test support's tools (the built executables), not the experiment's class of that name.
using Tools = BrainAug.TestSupport.Tools;

/// <summary>
/// A real Slurm cluster of one node on this machine (munged, slurmctld and slurmd from Debian's packages, started by
/// scripts/slurm-single-node.sh in a temporary folder), for the tests of the slurm executor. The Slurm commands
/// reach it through <see cref="Environment"/>. It stops at the end, and by itself if the test host dies.
/// </summary>
public sealed class SingleNodeSlurm : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("brainaug-slurm-").FullName;
    private readonly RunningProcess _cluster;

    public SingleNodeSlurm()
    {
        _cluster = RunningProcess.Start(ProcessRunner.Command("bash",
            ["scripts/slurm-single-node.sh", "--cpus", "2", "--stop-with", System.Environment.ProcessId.ToString(), _folder],
            workingDirectory: Tools.RepositoryRoot));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!_cluster.Output.Contains("ready: export SLURM_CONF="))
        {
            Assert.True(!_cluster.HasExited && DateTime.UtcNow < deadline, $"the single-node Slurm cluster did not start:\n{_cluster.Output}");
            Thread.Sleep(100);
        }
    }

    public string Configuration => Path.Combine(_folder, "slurm.conf");

    /// <summary>What a process needs to use this cluster with the Slurm commands.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = Configuration };

    /// <summary>Runs a Slurm command (squeue, scontrol, scancel, ...) against this cluster; fails the test if it fails.</summary>
    public string Run(string command, params string[] arguments)
    {
        var (code, stdout, stderr) = ProcessRunner.Run(ProcessRunner.Command(command, arguments, Environment), TimeSpan.FromMinutes(1));
        Assert.True(code == 0, $"{command} {string.Join(' ', arguments)} exited {code}: {stderr}");
        return stdout;
    }

    public void Dispose()
    {
        // SIGTERM lets the script cancel the cluster's jobs before it stops the daemons.
        TrainingProcess.Signal(_cluster.Id, 15);
        _cluster.WaitForExit(TimeSpan.FromSeconds(30));
        _cluster.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
