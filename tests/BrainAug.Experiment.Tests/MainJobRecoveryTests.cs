using System.Text.Json.Nodes;
using BrainAug.Contracts;
using BrainAug.Contracts.Experiment;
using BrainAug.Contracts.Models;
using BrainAug.TestSupport;

namespace BrainAug.Experiment.Tests;

// The test support's tools (the built executables), not the experiment's class of that name.
using Tools = BrainAug.TestSupport.Tools;

/// <summary>Main jobs run one at a time: each keeps both cores busy.</summary>
[CollectionDefinition(Name)]
public sealed class MainJobCollection
{
    public const string Name = "main job";
}

/// <summary>The tiny main job run once without interruption: what the interrupted runs must end up equal to.</summary>
public sealed class UninterruptedTinyRun : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("brainaug-reference-").FullName;

    public UninterruptedTinyRun()
    {
        Folder = Path.Combine(_root, "run");
        var (code, output) = MainJobRecoveryTests.RunToEnd(Folder);
        Assert.True(code == 0, output);
    }

    public string Folder { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

/// <summary>
/// A main job survives what kills processes: a training killed with SIGKILL in mid-epoch is resumed from its
/// checkpoint by the main job itself, and the whole main job killed (its process group, as a power cut would) at
/// stage boundaries and at seeded moments, then rerun, ends with the same results as a run never interrupted.
/// </summary>
[Trait("Category", "Slow")]
[Collection(MainJobCollection.Name)]
public class MainJobRecoveryTests(UninterruptedTinyRun reference) : IClassFixture<UninterruptedTinyRun>, IDisposable
{
    private const int SigKill = TrainingProcess.SigKill;
    private readonly string _run = Path.Combine(Directory.CreateTempSubdirectory("brainaug-recovery-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_run)!, recursive: true);

    [Fact]
    public void SegTrainingKilledMidEpoch_ResumedFromItsCheckpoint_SameResults()
    {
        using var job = StartMainJob(_run);
        var training = Path.Combine(_run, "train", "seg-real-s1");
        var trainer = TrainingProcess.WaitFor(job, p => p.Contains("brainaug-trainer.dll") && p.Contains(training));
        var killedAt = KillMidEpoch(trainer, training);
        Assert.True(job.WaitForExit(TimeSpan.FromMinutes(10)), "the main job did not finish");

        Assert.True(job.ExitCode == 0, job.Output);
        var restart = Assert.Single(TrainingRestarts.In(_run).Restarts);
        Assert.Equal(("seg-real-s1", true), (restart.Stage, restart.FromCheckpoint));
        Assert.Contains("exited with status 137", restart.Reason); // 128 + SIGKILL
        Assert.Contains("seg-real-s1: the training exited with status 137", File.ReadAllText(Path.Combine(_run, "report", "report.md")));
        Assert.Contains("seg-real-s1", JsonNode.Parse(File.ReadAllText(Path.Combine(_run, "report", "report.json")))!["restarts"]!.ToJsonString());
        Assert.True(killedAt.StepsInEpoch > 0, "killed before the epoch began");
        AssertSameResults(reference.Folder, _run);
    }

    /// <summary>
    /// The evaluation's server killed as its client starts: the client exits with status 3, and the main job runs it again
    /// against a new server instead of stopping (one evaluation call that waited out its deadline once stopped a whole
    /// main job), keeping the failed run's log.
    /// </summary>
    [Fact]
    public void EvaluationServerKilled_ANewServerServesTheEvaluationAgain_SameResults()
    {
        using var job = StartMainJob(_run);
        TrainingProcess.WaitFor(job, p => p.Contains("brainaug-client.dll evaluate") && p.Contains(_run));
        var server = TrainingProcess.WaitFor(job, p => p.Contains("brainaug-server.dll") && p.Contains(Path.Combine(_run, "logs", "evaluate-server.port")));
        Assert.Equal(0, Signal(server, SigKill));
        Assert.True(job.WaitForExit(TimeSpan.FromMinutes(10)), "the main job did not finish");

        Assert.True(job.ExitCode == 0, job.Output);
        var restart = Assert.Single(TrainingRestarts.In(_run).Restarts);
        Assert.Equal(("evaluate", false), (restart.Stage, restart.FromCheckpoint));
        Assert.Contains("the client exited with status 3", restart.Reason);
        var log = File.ReadAllText(Path.Combine(_run, "logs", "evaluate.log"));
        Assert.Contains("brainaug-client: brainaug-server at", log);
        AssertSameResults(reference.Folder, _run);
    }

    [Fact]
    public void WholeJobKilledAtStageBoundariesAndSeededMoments_RerunEndsAsAnUninterruptedRun()
    {
        // Each kill hits the whole process group (the main job, its tools and the server) at once, as a power cut would.
        var random = new Random(2026);
        string[] kills = ["stage:data", $"time:{random.Next(2000, 9000)}", "stage:tumour", $"time:{random.Next(1000, 6000)}", "stage:augment", "stage:evaluate"];
        var killsDone = 0;
        foreach (var kill in kills)
        {
            var done = Path.Combine(_run, "stages", kill.Split(':')[1] + ".done");
            if (kill.StartsWith("stage:", StringComparison.Ordinal) && File.Exists(done)) continue; // passed before an earlier kill
            using var job = StartMainJob(_run);
            var killed = kill.StartsWith("stage:", StringComparison.Ordinal)
                ? WaitFor(job, () => File.Exists(done), TimeSpan.FromMinutes(5))
                : !job.WaitForExit(TimeSpan.FromMilliseconds(int.Parse(kill["time:".Length..], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.True(killed, $"{kill}: the main job ended before the kill:\n{job.Output}");
            Assert.True(SignalGroup(job.Id, SigKill) == 0, $"{kill}: the main job ended before the kill:\n{job.Output}");
            Assert.True(job.WaitForExit(TimeSpan.FromSeconds(30)));
            WaitUntilGroupGone(job.Id);
            killsDone++;
        }
        Assert.True(killsDone >= 4, $"only {killsDone} kills landed");
        var (code, output) = RunToEnd(_run);
        Assert.True(code == 0, output);
        AssertSameResults(reference.Folder, _run);
        // A training ran again with --resume only where restarts.json says it was left unfinished (finished ones never run again).
        var restarted = TrainingRestarts.In(_run).Restarts.Select(r => r.Stage).ToHashSet();
        foreach (var training in Directory.GetDirectories(Path.Combine(_run, "train")))
            if (File.ReadAllText(Path.Combine(training, "config.json")).Contains("--resume"))
                Assert.Contains(Path.GetFileName(training), restarted);
        // A stage the kills cut short keeps its killed run's log, above the rerun's.
        Assert.Contains(Directory.GetFiles(Path.Combine(_run, "logs"), "*.log"), log => File.ReadAllText(log).Contains(" started again at "));
    }

    /// <summary>Runs the tiny main job to its end in <paramref name="run"/>.</summary>
    internal static (int Code, string Output) RunToEnd(string run)
    {
        using var job = StartMainJob(run);
        Assert.True(job.WaitForExit(TimeSpan.FromMinutes(10)), "the main job did not finish in 10 minutes");
        var result = job.Result();
        return (result.ExitCode, result.Stdout + result.Stderr);
    }

    /// <summary>The tiny main job in a process group of its own (setsid), so that the test can kill all of it.</summary>
    private static RunningProcess StartMainJob(string run) =>
        RunningProcess.Start(ProcessRunner.Command("setsid", ["bash", "scripts/main-job.sh", "--preset", "tiny", "--run", run, "--skip-setup"],
            new Dictionary<string, string> { ["BRAINAUG_CONFIGURATION"] = Tools.Configuration }, Tools.RepositoryRoot));

    /// <summary>The same per-image scores, the same models (versions and sha256) and the same report numbers.</summary>
    internal static void AssertSameResults(string expected, string actual)
    {
        Assert.Equal(File.ReadAllText(Path.Combine(expected, "evaluation", "per_image.csv")), File.ReadAllText(Path.Combine(actual, "evaluation", "per_image.csv")));
        Assert.Equal(Models(expected), Models(actual));
        foreach (var section in new[] { "arms", "regions", "quality", "n", "real_training_images" })
            Assert.Equal(ReportJson(expected)[section]!.ToJsonString(), ReportJson(actual)[section]!.ToJsonString());
    }

    private static JsonNode ReportJson(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "report", "report.json")))!;

    private static List<string> Models(string run) =>
        [.. Directory.GetFiles(Path.Combine(run, "models"), ModelMetadata.FileName, SearchOption.AllDirectories)
            .Select(path => ContractFile.Read<ModelMetadata>(path))
            .Select(m => $"{m.Model} {m.Version} {m.Sha256}")
            .Order(StringComparer.Ordinal)];

    private static (int Epoch, int StepsInEpoch) KillMidEpoch(int pid, string training)
    {
        var steps = TrainingProcess.StopMidEpoch(pid, training);
        Assert.Equal(0, Signal(pid, SigKill));
        return (1, steps);
    }

    private static bool WaitFor(RunningProcess job, Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !job.HasExited)
        {
            if (condition()) return true;
            Thread.Sleep(5);
        }
        return condition() && !job.HasExited;
    }

    /// <summary>Waits until no process of the group is left (the server and trainings die with the job).</summary>
    private static void WaitUntilGroupGone(int group)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (SignalGroup(group, 0) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"process group {group} still alive 30 s after SIGKILL");
            Thread.Sleep(20);
        }
    }

    private static int Signal(int pid, int signal) => TrainingProcess.Signal(pid, signal);

    private static int SignalGroup(int group, int signal) => Signal(-group, signal);
}
