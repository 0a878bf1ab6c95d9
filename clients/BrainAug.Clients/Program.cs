using System.CommandLine;
using BrainAug.Clients.Commands;

// brainaug-client: the augmentation and evaluation clients of brainaug-server.
var root = new RootCommand("brainaug-client: write synthetic datasets and evaluate segmenters through brainaug-server (gRPC).")
{
    AugmentCommand.Create(),
    EvaluateCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Wrong options: one line each and exit code 2, like every other input error of the clients.
    foreach (var error in parse.Errors) Console.Error.WriteLine($"brainaug-client: {error.Message} (see --help)");
    return 2;
}
return await parse.InvokeAsync();
