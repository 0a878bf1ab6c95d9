using BrainAug.Contracts;
using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment;

/// <summary>Records each training or served stage the experiment starts again in the run folder's restarts.json (at once, so that the
/// record survives the experiment itself being killed) and says so on the console.</summary>
public sealed class RestartLog(string run)
{
    private readonly Lock _lock = new();

    public void Record(string stage, string reason, bool fromCheckpoint)
    {
        Stages.Say($"{stage}: {reason}; {(fromCheckpoint ? "resuming from its last checkpoint" : "starting it again (no checkpoint yet)")}");
        lock (_lock)
        {
            var log = TrainingRestarts.In(run);
            ContractFile.Write(Path.Combine(run, TrainingRestarts.FileName),
                log with { Restarts = [.. log.Restarts, new TrainingRestart(stage, DateTimeOffset.Now, reason, fromCheckpoint)] });
        }
    }
}
