using BrainAug.Clients.Connection;
using BrainAug.Contracts;
using BrainAug.Imaging.Datasets;
using BrainAug.Imaging.Nifti;
using Grpc.Core;

namespace BrainAug.Clients.Commands;

/// <summary>
/// Turns a failure into one line on stderr and an exit code: 2 for bad input (options, data, output folder),
/// 3 when the server is unreachable, refuses a call or answers with something malformed; the stack trace only with --verbose.
/// </summary>
public static class ClientErrors
{
    public static async Task<int> RunAsync(bool verbose, Func<Task<string>> action)
    {
        try
        {
            Console.WriteLine(await action());
            return 0;
        }
        catch (Exception e) when (Code(e) is { } code)
        {
            Console.Error.WriteLine($"brainaug-client: {Message(e)}");
            if (verbose) Console.Error.WriteLine(e);
            return code;
        }
    }

    private static int? Code(Exception e) => e switch
    {
        ServerUnavailableException or RpcException or InvalidDataException => 3,
        DatasetException or NiftiFormatException or ContractException or FormatException or ArgumentException or InvalidOperationException
            or IOException or UnauthorizedAccessException or OperationCanceledException => 2,
        _ => null,
    };

    private static string Message(Exception e) => e is RpcException rpc ? $"the server refused the call ({rpc.StatusCode}): {rpc.Status.Detail}" : e.Message;
}
