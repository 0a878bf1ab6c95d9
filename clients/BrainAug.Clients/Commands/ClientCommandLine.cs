using System.CommandLine;
using BrainAug.Clients.Augmentation;

namespace BrainAug.Clients.Commands;

/// <summary>
/// brainaug-client's command line: the commands Program runs, and <see cref="AugmentSettings"/>, which tells what an
/// augment command line would run with without running it, so that a caller that builds command lines (the
/// experiment's presets) can be checked by the client's own parser.
/// </summary>
public static class ClientCommandLine
{
    public static RootCommand Create() => new("brainaug-client: write synthetic datasets and evaluate segmenters through brainaug-server (gRPC).")
    {
        AugmentCommand.Create().Command,
        EvaluateCommand.Create(),
    };

    /// <summary>The settings of an augment command line; an exception names the first problem, as the client would report it.</summary>
    public static AugmentSettings AugmentSettings(string[] args)
    {
        var (command, settings) = AugmentCommand.Create();
        var parse = new RootCommand { command }.Parse(args);
        if (parse.Errors.Count > 0) throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message)));
        if (parse.CommandResult.Command != command) throw new ArgumentException($"'{string.Join(' ', args)}' is not an augment command line");
        return settings(parse);
    }
}
