using System.Globalization;
using System.Text;
using BrainAug.Contracts.Experiment;

namespace BrainAug.Experiment.Slurm;

/// <summary>
/// slurm/stage.sbatch in the run folder: the one job script of the run. Array task K runs stage K of the plan with
/// <c>brainaug-experiment --stage</c>, which runs exactly the tool commands the local executor runs, in the same
/// run folder (so the folder must be on a file system every node shares). The cluster's options are #SBATCH lines,
/// so that a user can read the script and resubmit one task by hand (<c>sbatch --array=K stage.sbatch</c>).
/// </summary>
public static class SlurmJobScript
{
    public static void Write(ExperimentLayout layout, ExperimentOptions options, SlurmOptions slurm, IReadOnlyList<PlannedStage> plan)
    {
        var script = new StringBuilder();
        script.AppendLine("#!/bin/bash");
        script.AppendLine($"# Written by brainaug-experiment for the run in {layout.Folder}.");
        script.AppendLine("# Array task K runs stage K of the list below as the local executor runs it; its log is logs/STAGE.log in the");
        script.AppendLine("# run folder, Slurm's own output slurm/output/JOB_TASK.out. Resubmit one stage by hand with");
        script.AppendLine($"#   sbatch --array=K {layout.SlurmJobScript}");
        script.AppendLine("# (a rerun of the experiment's command does that for every unfinished stage, and follows the jobs).");
        script.AppendLine("#SBATCH --job-name=brainaug-stage");
        script.AppendLine($"#SBATCH --chdir={layout.Folder}");
        script.AppendLine($"#SBATCH --output={Path.Combine(layout.SlurmOutput, "%A_%a.out")}");
        foreach (var option in slurm.SbatchOptions()) script.AppendLine($"#SBATCH {option}");
        script.AppendLine("set -euo pipefail");
        script.AppendLine("stages=(");
        for (var task = 0; task < plan.Count; task++) script.AppendLine($"  {plan[task].Name} # {task}");
        script.AppendLine(")");
        script.AppendLine($"exec dotnet {string.Join(' ', TaskCommand(options).Select(Quote))} --stage \"${{stages[$SLURM_ARRAY_TASK_ID]}}\"");
        Directory.CreateDirectory(layout.SlurmOutput);
        File.WriteAllText(layout.SlurmJobScript, script.ToString());
    }

    /// <summary>This build's brainaug-experiment with the options a stage depends on (the executor's own are not among them).</summary>
    private static IEnumerable<string> TaskCommand(ExperimentOptions options)
    {
        yield return Path.Combine(AppContext.BaseDirectory, "brainaug-experiment.dll");
        yield return "--run";
        yield return options.Run;
        foreach (var argument in options.ResultArguments().SelectMany(a => a)) yield return argument;
        if (options.Preset.Fold is { } fold) { yield return "--fold"; yield return fold.ToString(CultureInfo.InvariantCulture); }
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
