using System.CommandLine;
using BrainAug.Clients.Commands;

// brainaug-client: the augmentation and evaluation clients of brainaug-server.
var root = new RootCommand("brainaug-client: write synthetic datasets and evaluate segmenters through brainaug-server (gRPC).")
{
    AugmentCommand.Create(),
    EvaluateCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
