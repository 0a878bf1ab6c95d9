using BrainAug.Contracts;
using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment.Slurm;

/// <summary>
/// Runs the experiment's planned stages as Slurm array tasks of one job script (see <see cref="SlurmJobScript"/>)
/// and follows them to the end. Stages that can start together with the same needs are one array; a stage's needs
/// become afterok dependencies, so the cluster goes on with the whole grid even when this process stops.
/// Every poll the executor asks Slurm (squeue; sacct for jobs the controller has forgotten) how its jobs are, prints
/// what changed, and submits what is not finished, not queued and not running: a rerun of the same command follows
/// the jobs an earlier run submitted and submits only the stages that ended unfinished. Those resume from their
/// checkpoints, and their waiting dependents are pointed at the new jobs (scontrol update). A task that ended
/// through the machine or the scheduler (node failure, preemption, time limit) is submitted again at once, at most
/// <see cref="AutomaticResubmissions"/> times; one that failed or was cancelled stops the experiment with its log's
/// end, since only a person knows whether to go on.
/// </summary>
public sealed class SlurmExecutor
{
    private const int AutomaticResubmissions = 2;
    private static readonly TimeSpan MarkerGrace = TimeSpan.FromSeconds(60);

    private readonly ExperimentLayout _layout;
    private readonly SlurmOptions _slurm;
    private readonly IReadOnlyList<PlannedStage> _plan;
    private readonly Stages _stages;
    private SlurmJobs _jobs;
    private readonly HashSet<string> _followed = [], _live = [];
    private readonly Dictionary<string, string> _shown = [];
    private readonly Dictionary<string, int> _resubmissions = [];
    private readonly Dictionary<string, DateTime> _completedWithoutMarker = [];

    private SlurmExecutor(ExperimentLayout layout, SlurmOptions slurm, IReadOnlyList<PlannedStage> plan, Stages stages)
    {
        (_layout, _slurm, _plan, _stages) = (layout, slurm, plan, stages);
        _jobs = SlurmJobs.In(layout.SlurmJobRecord);
    }

    /// <summary>Every stage's Slurm job ids so far, oldest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> JobIds => _jobs.Stages;

    /// <summary>Checks, before anything is written, that Slurm answers and takes jobs with the cluster options, so
    /// that a missing Slurm or a refused option is said in one line at once.</summary>
    public static void CheckCluster(SlurmOptions slurm)
    {
        SlurmCommands.CheckReachable();
        SlurmCommands.TestSubmission(slurm.SbatchOptions());
    }

    /// <summary>Writes the run's job script and takes over the jobs an earlier run of the same folder submitted.</summary>
    public static SlurmExecutor Connect(ExperimentLayout layout, ExperimentOptions options, SlurmOptions slurm, IReadOnlyList<PlannedStage> plan, Stages stages)
    {
        SlurmJobScript.Write(layout, options, slurm, plan);
        return new SlurmExecutor(layout, slurm, plan, stages);
    }

    public async Task RunAsync()
    {
        Stages.Say($"executor slurm: job script {_layout.SlurmJobScript}, job ids in {_layout.SlurmJobRecord}. The run folder must be " +
                   "on a file system every node shares. Ctrl+C stops following the jobs, not the jobs; a rerun follows them again.");
        foreach (var stage in _plan.Where(s => _stages.IsDone(s.Name)))
        {
            Stages.Say($"{stage.Name}: done in an earlier run, skipped");
            _shown[stage.Name] = "done";
        }
        var unanswered = 0;
        while (_plan.Any(s => !_stages.IsDone(s.Name)))
        {
            var states = SlurmCommands.States([.. _plan.Select(s => _jobs.Latest(s.Name)).OfType<string>()]);
            if (states is null)
            {
                if (unanswered++ == 0) Stages.Say("squeue does not answer; asking again every poll");
            }
            else
            {
                unanswered = 0;
                Follow(states);
            }
            if (_plan.Any(s => !_stages.IsDone(s.Name))) await Task.Delay(TimeSpan.FromSeconds(_slurm.PollSeconds));
        }
        foreach (var stage in _plan) Show(stage.Name, "done");
    }

    /// <summary>One poll: what each stage's job is doing, then the submissions and dependency updates that follows from it.</summary>
    private void Follow(Dictionary<string, SlurmJobState> states)
    {
        _live.Clear();
        var toSubmit = new List<PlannedStage>();
        foreach (var stage in _plan)
        {
            var id = _jobs.Latest(stage.Name);
            if (_stages.IsDone(stage.Name)) Show(stage.Name, "done");
            else if (id is null) toSubmit.Add(stage);
            else if (states.TryGetValue(id, out var state) && !state.HasEnded)
            {
                _live.Add(id);
                _followed.Add(id);
                Show(stage.Name, $"{state} (job {id})");
            }
            else if (!_followed.Contains(id)) toSubmit.Add(stage); // ended unfinished before this run: resume it
            else if (EndedUnfinished(stage, id, state?.State ?? SlurmCommands.AccountedState(id))) toSubmit.Add(stage);
        }
        Submit(toSubmit);
        Redirect(states);
    }

    /// <summary>A job this run followed ended without its stage's done-marker: true to submit it again, false to wait
    /// a little (a shared file system may show the marker late); otherwise the experiment stops.</summary>
    private bool EndedUnfinished(PlannedStage stage, string id, string? state)
    {
        if (state == "COMPLETED")
        {
            var since = _completedWithoutMarker.TryAdd(id, DateTime.UtcNow) ? DateTime.UtcNow : _completedWithoutMarker[id];
            if (DateTime.UtcNow - since < MarkerGrace) return false;
            throw Failure(stage, id, $"completed, but its done-marker {Path.Combine(_layout.Stages, stage.Name + ".done")} did not appear within " +
                                     $"{MarkerGrace.TotalSeconds:F0} s (is the run folder on a file system every node shares?)");
        }
        var ended = new SlurmJobState(state ?? "ended", "");
        var resubmitted = _resubmissions.GetValueOrDefault(stage.Name);
        if (ended.IsInfrastructureFailure && resubmitted < AutomaticResubmissions)
        {
            _resubmissions[stage.Name] = resubmitted + 1;
            Stages.Say($"{stage.Name} (job {id}): {ended.State}; submitting it again (it resumes from its checkpoint)");
            return true;
        }
        throw Failure(stage, id, state is null ? "ended unfinished (Slurm no longer knows how, and keeps no accounting)" : $"ended {state} unfinished");
    }

    /// <summary>Submits the stages whose needs are done or queued, in rounds (a stage may need one submitted in the
    /// round before): one array per set of needs, which become its afterok dependencies.</summary>
    private void Submit(List<PlannedStage> toSubmit)
    {
        while (true)
        {
            var ready = toSubmit.Where(s => s.Needs.All(n => _stages.IsDone(n) || IsLive(n))).ToList();
            if (ready.Count == 0) return;
            foreach (var group in ready.GroupBy(s => string.Join(':', Dependencies(s))))
            {
                var tasks = group.Select(s => TaskIndex(s.Name)).ToList();
                var array = SlurmCommands.Submit(_layout.SlurmJobScript, tasks, Dependencies(group.First()));
                foreach (var stage in group)
                {
                    var id = $"{array}_{TaskIndex(stage.Name)}";
                    _jobs = _jobs.With(stage.Name, id);
                    _live.Add(id);
                    _followed.Add(id);
                    Show(stage.Name, $"submitted (job {id}{(stage.Needs.Count > 0 ? $", after {string.Join(", ", stage.Needs)}" : "")})");
                }
                ContractFile.Write(_layout.SlurmJobRecord, _jobs); // at once: a rerun must know these jobs even if this run dies now
            }
            toSubmit.RemoveAll(ready.Contains);
        }
    }

    /// <summary>Points queued stages that wait on a job that will never succeed (a need cancelled or failed, now
    /// submitted again) at their needs' newest jobs.</summary>
    private void Redirect(Dictionary<string, SlurmJobState> states)
    {
        foreach (var stage in _plan)
        {
            if (_jobs.Latest(stage.Name) is not { } id || !states.TryGetValue(id, out var state) || !state.WaitsForAFailedDependency) continue;
            if (!stage.Needs.All(n => _stages.IsDone(n) || IsLive(n))) continue; // the need is not queued again yet
            var needs = Dependencies(stage);
            SlurmCommands.SetDependency(id, needs);
            Stages.Say($"{stage.Name} (job {id}): now waits for {(needs.Count > 0 ? string.Join(", ", needs) : "nothing")}");
        }
    }

    private bool IsLive(string stage) => _jobs.Latest(stage) is { } id && _live.Contains(id);

    /// <summary>The jobs of the stage's needs that are not finished yet.</summary>
    private List<string> Dependencies(PlannedStage stage) =>
        [.. stage.Needs.Where(n => !_stages.IsDone(n)).Select(n => _jobs.Latest(n)!)];

    private int TaskIndex(string stage) => _plan.Select(s => s.Name).ToList().IndexOf(stage);

    private void Show(string stage, string status)
    {
        if (_shown.TryGetValue(stage, out var shown) && shown == status) return;
        _shown[stage] = status;
        Stages.Say($"{stage}: {status}");
    }

    private StageFailedException Failure(PlannedStage stage, string id, string what)
    {
        var log = _stages.LogPath(stage.Name);
        var output = Path.Combine(_layout.SlurmOutput, id + ".out");
        var tail = new[] { log, output }.Where(File.Exists).Select(f => File.ReadLines(f).TakeLast(15)).FirstOrDefault() ?? [];
        return new StageFailedException(
            $"{string.Join('\n', tail)}\n{stage.Name} (Slurm job {id}) {what}; its log: {log}, Slurm's output: {output}. " +
            "The other jobs stay queued; rerun the same command to submit it again (it resumes from its checkpoint) and follow the rest.");
    }
}
