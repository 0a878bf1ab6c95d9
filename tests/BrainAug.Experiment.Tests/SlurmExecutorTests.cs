using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BrainAug.Contracts;
using BrainAug.Contracts.Experiment;
using BrainAug.TestSupport;

namespace BrainAug.Experiment.Tests;

// The test support's tools (the built executables), not the experiment's class of that name.
using Tools = BrainAug.TestSupport.Tools;

/// <summary>
/// brainaug-experiment --executor slurm against a real Slurm on this machine (<see cref="SingleNodeSlurm"/>): sbatch,
/// squeue, scontrol and scancel are the real commands. The tiny main job run on it must end as the local run does,
/// with the job ids Slurm gave recorded; a cancelled training task must be the only one a rerun submits again.
/// </summary>
[Trait("Category", "Slow")]
[Collection(MainJobCollection.Name)]
public partial class SlurmExecutorTests(SingleNodeSlurm slurm, UninterruptedTinyRun reference)
    : IClassFixture<SingleNodeSlurm>, IClassFixture<UninterruptedTinyRun>, IDisposable
{
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("brainaug-slurm-run-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    [Fact]
    public void TinyPreset_OnSlurm_EndsAsTheLocalRun_AndRecordsTheJobIds()
    {
        var (code, output) = Run(MainJob(_run));
        Assert.True(code == 0, output);
        MainJobRecoveryTests.AssertSameResults(reference.Folder, _run);

        var jobs = ContractFile.Read<SlurmJobs>(Path.Combine(_run, "slurm", SlurmJobs.FileName)).Stages;
        var stages = Directory.GetFiles(Path.Combine(_run, "stages"), "*.done").Select(Path.GetFileNameWithoutExtension)
            .Except(["data", "report"]).Order(StringComparer.Ordinal);
        Assert.Equal(stages, jobs.Keys.Order(StringComparer.Ordinal)); // every stage but data and report ran on Slurm, each once
        foreach (var (stage, ids) in jobs)
        {
            var id = Assert.Single(ids);
            Assert.Matches(ArrayTaskId(), id);
            Assert.Contains("JobState=COMPLETED", slurm.Run("scontrol", "show", "job", id)); // an id Slurm gave, of a job that ran
            Assert.True(File.Exists(Path.Combine(_run, "slurm", "output", id + ".out")), $"{stage}: no Slurm output for job {id}");
            Assert.True(File.Exists(Path.Combine(_run, "logs", stage + ".log")), $"{stage}: no log");
            Assert.Contains($"{stage}: RUNNING (job {id})", output);
        }
        var record = ContractFile.Read<ExperimentRecord>(Path.Combine(_run, ExperimentRecord.FileName));
        Assert.Equal("slurm", record.Executor);
        Assert.True(JsonNode.DeepEquals(Json(jobs), Json(record.SlurmJobs)));
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_run, "report", "report.json")))!;
        Assert.Equal("slurm", report["executor"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Json(jobs), report["slurm_jobs"]), report["slurm_jobs"]?.ToJsonString());
        var script = File.ReadAllText(Path.Combine(_run, "slurm", "stage.sbatch"));
        Assert.Contains("sbatch --array=K", script);
        // Each task repeats every option that shapes the results, as the run's stages/options.txt records them.
        foreach (var option in File.ReadAllLines(Path.Combine(_run, "stages", "options.txt")))
            Assert.Contains(string.Join(' ', option.Split(' ', 2).Select(w => $"'{w}'")), script);
    }

    [Fact]
    public void TinyFolds_OnSlurm_EachFoldsStagesAsArrayTasks_EndAsTheLocalRun()
    {
        var local = Path.Combine(Path.GetDirectoryName(_run)!, "local");
        var (code, output) = MainJobPipelineTests.MainJob(["--preset", "tiny-folds", "--run", local, "--skip-setup"]);
        Assert.True(code == 0, output);

        (code, output) = Run(MainJob(_run, preset: "tiny-folds"));

        Assert.True(code == 0, output);
        foreach (var fold in new[] { "fold1", "fold2", "fold3" })
        {
            MainJobRecoveryTests.AssertSameResults(Path.Combine(local, fold), Path.Combine(_run, fold));
            var jobs = ContractFile.Read<SlurmJobs>(Path.Combine(_run, fold, "slurm", SlurmJobs.FileName)).Stages;
            Assert.Contains("seg-real-s1", jobs.Keys);
            Assert.Contains("seg-geometric-s2", jobs.Keys); // tiny-folds' second geometric seed
            Assert.Contains("--fold", File.ReadAllText(Path.Combine(_run, fold, "slurm", "stage.sbatch")));
        }
        static JsonNode? Pooled(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "folds", "folds.json")))!["pooled"];
        Assert.Equal(Pooled(local)!.ToJsonString(), Pooled(_run)!.ToJsonString());
    }

    [Fact]
    public void TrainingTaskCancelled_RerunSubmitsOnlyIt_AndEndsAsAnUninterruptedRun()
    {
        using (var job = RunningProcess.Start(MainJob(_run)))
        {
            var training = Path.Combine(_run, "train", "seg-real-s1");
            var trainer = TrainingProcess.WaitFor(job, p => p.Contains("brainaug-trainer.dll") && p.Contains(training));
            TrainingProcess.StopMidEpoch(trainer, training); // so that it is running, mid-epoch, when the cancel comes
            var id = ContractFile.Read<SlurmJobs>(Path.Combine(_run, "slurm", SlurmJobs.FileName)).Latest("seg-real-s1")!;
            Assert.Contains("JobState=RUNNING", slurm.Run("scontrol", "show", "job", id));
            slurm.Run("scancel", id);

            Assert.True(job.WaitForExit(TimeSpan.FromMinutes(3)), $"the experiment did not stop after the cancel:\n{job.Output}");
            Assert.True(job.ExitCode == 1, job.Output);
            Assert.True(job.Output.Contains($"seg-real-s1 (Slurm job {id}) ended CANCELLED"), job.Output); // the whole output when not
        }

        var (code, output) = Run(MainJob(_run));
        Assert.True(code == 0, output);
        var jobs = ContractFile.Read<SlurmJobs>(Path.Combine(_run, "slurm", SlurmJobs.FileName)).Stages;
        Assert.Equal(["seg-real-s1"], jobs.Where(j => j.Value.Count > 1).Select(j => j.Key));
        Assert.Equal(2, jobs["seg-real-s1"].Count);
        var restart = Assert.Single(TrainingRestarts.In(_run).Restarts);
        Assert.Equal(("seg-real-s1", true), (restart.Stage, restart.FromCheckpoint));
        MainJobRecoveryTests.AssertSameResults(reference.Folder, _run);
    }

    [Fact]
    public void UnknownPartition_SbatchsOwnErrorInOneLine_ExitCode2()
    {
        var (code, output) = Run(MainJob(_run, ["--partition", "nosuch"]));
        Assert.Equal(2, code);
        Assert.Equal("brainaug-experiment: --executor slurm: sbatch refuses the job: sbatch: error: invalid partition specified: nosuch", output.Trim());
        Assert.False(Directory.Exists(_run));
    }

    [Fact]
    public void NoControllerAnswers_OneLine_ExitCode2()
    {
        // This cluster's configuration with the controller's port moved to one nothing listens on.
        var configuration = Path.Combine(Path.GetDirectoryName(_run)!, "slurm.conf");
        File.WriteAllText(configuration, Regex.Replace(File.ReadAllText(slurm.Configuration), @"(?m)^SlurmctldPort=\d+", $"SlurmctldPort={ClosedPort()}"));
        var start = MainJob(_run);
        start.Environment["SLURM_CONF"] = configuration;
        var (code, output) = Run(start);
        Assert.Equal(2, code);
        Assert.StartsWith("brainaug-experiment: --executor slurm: no Slurm controller answers ('scontrol ping': ", output.Trim());
        Assert.Single(output.Trim().Split('\n'));
        Assert.False(Directory.Exists(_run));
    }

    [Fact]
    public void SlurmNotInstalled_OneLine_ExitCode2()
    {
        // A PATH with dotnet alone, as on a machine without Slurm's commands.
        var bin = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(_run)!, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), OnPath("dotnet"));
        var start = ProcessRunner.Command(Path.Combine(bin, "dotnet"), [Tools.Experiment, "--preset", "tiny", "--run", _run, "--executor", "slurm"],
            new Dictionary<string, string> { ["PATH"] = bin });
        var (code, output) = Run(start);
        Assert.Equal(2, code);
        Assert.Equal("brainaug-experiment: --executor slurm: 'scontrol' is not on PATH: install Slurm's client commands on this machine " +
                     "(Debian/Ubuntu: slurm-client) and point them at the cluster", output.Trim());
        Assert.False(Directory.Exists(_run));
    }

    /// <summary>The README's main job on the tiny preset (or another) with the slurm executor on this cluster.</summary>
    private ProcessStartInfo MainJob(string run, string[]? more = null, string preset = "tiny")
    {
        var environment = new Dictionary<string, string>(slurm.Environment) { ["BRAINAUG_CONFIGURATION"] = Tools.Configuration };
        return ProcessRunner.Command("bash",
            ["scripts/main-job.sh", "--preset", preset, "--run", run, "--skip-setup", "--executor", "slurm", "--poll-seconds", "1", .. more ?? []],
            environment, Tools.RepositoryRoot);
    }

    private static (int Code, string Output) Run(ProcessStartInfo start)
    {
        var (code, stdout, stderr) = ProcessRunner.Run(start, TimeSpan.FromMinutes(10));
        return (code, stdout + stderr);
    }

    private static int ClosedPort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port; // free once the listener is disposed
    }

    private static JsonNode? Json(object? value) => System.Text.Json.JsonSerializer.SerializeToNode(value);

    private static string OnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).First(File.Exists);

    [GeneratedRegex(@"^\d+_\d+$")]
    private static partial Regex ArrayTaskId();
}
