using System.CommandLine;
using BrainAug.Contracts;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;

namespace BrainAug.Trainer.Commands;

/// <summary>Turns the failures a user can cause (bad files, bad folders, bad values) into one clear
/// line and exit code 2, instead of a stack trace (printed too with --verbose); anything else is a bug and
/// keeps its trace.</summary>
internal static class CommandErrors
{
    public const int UserError = 2;

    public static int Run(string[] args, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Training.TrainingDivergedException e)
        {
            Console.Error.WriteLine($"brainaug-trainer: {e.Message}");
            return Training.Divergence.ExitCode;
        }
        catch (Exception e) when (e is NiftiFormatException or DatasetException or ContractException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"brainaug-trainer: {e.Message}");
            if (args.Contains("--verbose")) Console.Error.WriteLine(e);
            return UserError;
        }
    }

    /// <summary>Parse errors (unknown or missing options, bad values): one line each, exit code 2.</summary>
    public static int ParseErrors(ParseResult parse)
    {
        foreach (var error in parse.Errors) Console.Error.WriteLine($"brainaug-trainer: {error.Message} (see --help)");
        return UserError;
    }

    public static string CommandLine(string[] args) =>
        "brainaug-trainer " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
}
