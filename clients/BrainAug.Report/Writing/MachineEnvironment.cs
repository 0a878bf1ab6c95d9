using System.Runtime.InteropServices;

namespace BrainAug.Report.Writing;

/// <summary>Where the report was made and with what: recorded so a reader can tell what produced the numbers.</summary>
public static class MachineEnvironment
{
    /// <param name="trainingDevice">What the Seg-DNNs trained on, from the real arm's run summary.</param>
    public static Dictionary<string, object> Describe(string trainingDevice)
    {
        return new Dictionary<string, object>
        {
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["onnx_runtime"] = Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString(),
            ["cpu"] = CpuModel(),
            ["logical_cores"] = Environment.ProcessorCount,
            ["training_device"] = trainingDevice,
        };
    }

    private static string CpuModel()
    {
        const string info = "/proc/cpuinfo";
        var line = File.Exists(info) ? File.ReadLines(info).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
