namespace BrainAug.Contracts.Experiment;

/// <summary>
/// An experiment's run folder, which brainaug-experiment writes and brainaug-report reads:
/// experiment.json, split.json, data/ (the phantom, unless --data), train/NAME/ (one trainer run per network: brain,
/// tumour, and seg-ARM-sSEED), models/ (the model repository), synthetic/ (the augmentation's pairs),
/// evaluation/, report/, and logs/ and stages/ (a log and a done-marker per stage, and the options a rerun must
/// repeat); with the slurm executor also slurm/ (the job script, jobs.json and Slurm's own output per task).
/// </summary>
public sealed class ExperimentLayout(string folder)
{
    /// <summary>The generators' training folders under train/.</summary>
    public const string BrainTraining = "brain", TumourTraining = "tumour";

    public string Folder => folder;

    public string Record => Path.Combine(folder, ExperimentRecord.FileName);

    public string SplitFile => Path.Combine(folder, Data.SplitFile.FileName);

    public string Phantom => Path.Combine(folder, "data");

    /// <summary>The slice store the data stage prepares and every training reads (brainaug-trainer prepare).</summary>
    public string Store => Path.Combine(folder, "store");

    public string Models => Path.Combine(folder, "models");

    public string Synthetic => Path.Combine(folder, "synthetic");

    public string Evaluation => Path.Combine(folder, "evaluation");

    public string Report => Path.Combine(folder, "report");

    public string Logs => Path.Combine(folder, "logs");

    public string Stages => Path.Combine(folder, "stages");

    /// <summary>stages/options.txt: the options the run was started with, which a rerun must repeat.</summary>
    public string Options => Path.Combine(Stages, "options.txt");

    /// <summary>slurm/: what the slurm executor writes (see <see cref="SlurmJobScript"/>, <see cref="SlurmJobRecord"/>).</summary>
    public string Slurm => Path.Combine(folder, "slurm");

    /// <summary>The job script every Slurm array task of the run runs (a user can read and resubmit it).</summary>
    public string SlurmJobScript => Path.Combine(Slurm, "stage.sbatch");

    public string SlurmJobRecord => Path.Combine(Slurm, SlurmJobs.FileName);

    /// <summary>Slurm's own output of each task (the stage's log is logs/STAGE.log, as locally).</summary>
    public string SlurmOutput => Path.Combine(Slurm, "output");

    /// <summary>train/NAME: a generator's (<see cref="BrainTraining"/>, <see cref="TumourTraining"/>) or a Seg-DNN's
    /// (<see cref="ExperimentArms.ModelName"/>) trainer run.</summary>
    public string Training(string name) => Path.Combine(folder, "train", name);
}
