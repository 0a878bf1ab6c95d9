using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;

namespace BrainAug.Trainer.Commands;

/// <summary>Turns the failures a user can cause (bad files, bad folders, bad values) into one clear
/// line and exit code 1, instead of a stack trace; anything else is a bug and keeps its trace.</summary>
internal static class CommandErrors
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is NiftiFormatException or DatasetException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    public static string CommandLine(string[] args) =>
        "brainaug-trainer " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
}
