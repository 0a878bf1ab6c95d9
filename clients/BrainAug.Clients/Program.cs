using BrainAug.Clients.Commands;

// brainaug-client: the augmentation and evaluation clients of brainaug-server.
var parse = ClientCommandLine.Create().Parse(args);
if (parse.Errors.Count > 0)
{
    // Wrong options: one line each and exit code 2, like every other input error of the clients.
    foreach (var error in parse.Errors) Console.Error.WriteLine($"brainaug-client: {error.Message} (see --help)");
    return 2;
}
return await parse.InvokeAsync();
