using System.CommandLine;

namespace BrainAug.Clients.Commands;

/// <summary>Options every client command takes: where the servers are, how to authenticate, how long to wait.</summary>
public sealed class CommonOptions
{
    public Option<string[]> Servers { get; } = new("--server")
    {
        Description = "brainaug-server endpoint, e.g. http://127.0.0.1:50051; repeat it to spread calls over several servers",
        DefaultValueFactory = _ => ["http://127.0.0.1:50051"],
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> Token { get; } = new("--token") { Description = "bearer token, when the server requires one", DefaultValueFactory = _ => "" };

    public Option<double> Deadline { get; } = new("--deadline-seconds") { Description = "deadline of each call", DefaultValueFactory = _ => 120 };

    public Option<int> Concurrency { get; } = new("--concurrency") { Description = "calls in flight at once", DefaultValueFactory = _ => 4 };

    public Option<string> Protocol { get; } = new("--protocol")
    {
        Description = "API to speak: brainaug (brainaug.v1) or oip (the Open Inference Protocol: brainaug-server, Triton, KServe; needs --repository)",
        DefaultValueFactory = _ => Connection.InferenceProtocols.BrainAug,
    };

    public Option<string?> Repository { get; } = new("--repository")
    {
        Description = "with --protocol oip: the model repository the server serves, whose metadata.json files give each model's training config",
    };

    public Option<bool> SharedMemory { get; } = new("--shared-memory")
    {
        Description = "with --protocol oip and one server on this machine: pass tensors through /dev/shm instead of the socket (the server needs --allow-shared-memory true)",
    };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "print the stack trace of an error" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Servers, Token, Deadline, Concurrency, Protocol, Repository, SharedMemory, Verbose }) command.Options.Add(option);
        Protocol.AcceptOnlyFromAmong(Connection.InferenceProtocols.Names);
        Concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 256) r.AddError("--concurrency must lie in 1..256"); });
        Deadline.Validators.Add(r => { if (r.GetValueOrDefault<double>() is <= 0 or > 86400) r.AddError("--deadline-seconds must lie in (0, 86400]"); });
    }

    public Connection.ServerConnection Connect(ParseResult parse)
    {
        var endpoints = parse.GetValue(Servers)!.Select(s => Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : throw new FormatException($"--server '{s}' is not an http:// or https:// address")).ToList();
        return new Connection.ServerConnection(endpoints, parse.GetValue(Token)!, TimeSpan.FromSeconds(parse.GetValue(Deadline)));
    }

    /// <summary>The protocol the command line chose, over <paramref name="connection"/>.</summary>
    public Connection.IInferenceProtocol OpenProtocol(ParseResult parse, Connection.ServerConnection connection) =>
        Connection.InferenceProtocols.Create(parse.GetValue(Protocol)!, connection, parse.GetValue(Repository) is { } repository ? Path.GetFullPath(repository) : null,
            parse.GetValue(SharedMemory));
}

/// <summary>--store: a slice store prepared from --data (brainaug-trainer prepare), read instead of the NIfTI files.</summary>
public static class StoreOption
{
    public static Option<string?> Create() => new("--store")
    {
        Description = "slice store prepared from --data (brainaug-trainer prepare): its slices are read instead of decoding the NIfTI files",
    };

    public static string? Value(ParseResult parse, Option<string?> option) => parse.GetValue(option) is { } path ? Path.GetFullPath(path) : null;
}

/// <summary>--split-file: the trainer's split.json, so the client sees exactly the cases the models were trained on.</summary>
public static class SplitFileOption
{
    public static Option<string?> Create() => new("--split-file")
    {
        Description = "split.json written for the dataset (by the experiment, or the trainer's run folder); when given, --val, --test and --split-seed are not used",
    };
}
