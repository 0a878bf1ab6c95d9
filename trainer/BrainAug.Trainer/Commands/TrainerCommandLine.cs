using System.CommandLine;
using BrainAug.Contracts.Training;

namespace BrainAug.Trainer.Commands;

/// <summary>A training command and the config a parsed command line of it trains with.</summary>
public sealed record TrainingCommand(Command Command, Func<ParseResult, TrainingConfig> Config);

/// <summary>
/// brainaug-trainer's command line: the commands Program runs, and <see cref="Config"/>, which tells what a seg,
/// tumour or brain command line would train with without training, so that a caller that builds command lines
/// (the experiment's presets) can be checked by the trainer's own parser.
/// </summary>
public static class TrainerCommandLine
{
    public static RootCommand Create(string[] args)
    {
        var root = new RootCommand("BrainAug trainer: prepares brain-tumour MRI data (phantom, slices) and trains the segmenter (seg), the tumour generator (tumour) and the brain generator (brain).")
        {
            PhantomCommand.Create(args),
            SlicesCommand.Create(args),
            PrepareCommand.Create(args),
        };
        foreach (var training in TrainingCommands(args)) root.Subcommands.Add(training.Command);
        root.Subcommands.Add(CheckKernelsCommand.Create(args));
        root.Subcommands.Add(KernelSettingsCommand.Create(args));
        // --verbose (any command): print the stack trace of an error as well as its one-line message.
        root.Options.Add(new Option<bool>("--verbose") { Description = "Print the stack trace of an error", Recursive = true });
        return root;
    }

    /// <summary>The config of a training command line; an ArgumentException names the first problem, as the trainer
    /// would report it.</summary>
    public static TrainingConfig Config(string[] args)
    {
        var trainings = TrainingCommands(args);
        var root = new RootCommand { Options = { new Option<bool>("--verbose") { Recursive = true } } };
        foreach (var training in trainings) root.Subcommands.Add(training.Command);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0) throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message)));
        var command = trainings.FirstOrDefault(t => t.Command == parse.CommandResult.Command)
            ?? throw new ArgumentException($"'{string.Join(' ', args)}' is not a seg, tumour or brain command line");
        return command.Config(parse);
    }

    private static TrainingCommand[] TrainingCommands(string[] args) => [SegCommand.Create(args), TumourCommand.Create(args), BrainCommand.Create(args)];
}
