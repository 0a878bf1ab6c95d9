using System.Runtime.InteropServices;

namespace BrainAug.Report.Writing;

/// <summary>Where the report was made and with what: recorded so a reader can tell what produced the numbers.</summary>
public static class MachineEnvironment
{
    public static Dictionary<string, object> Describe(string trainingLog)
    {
        return new Dictionary<string, object>
        {
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["onnx_runtime"] = Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString(),
            ["cpu"] = CpuModel(),
            ["logical_cores"] = Environment.ProcessorCount,
            // The trainer's first line says which device (CPU or a named CUDA GPU) it trained on.
            ["training_device"] = File.Exists(trainingLog) ? File.ReadLines(trainingLog).FirstOrDefault(l => l.StartsWith("seg: ", StringComparison.Ordinal)) ?? "unknown" : "unknown",
        };
    }

    private static string CpuModel()
    {
        const string info = "/proc/cpuinfo";
        var line = File.Exists(info) ? File.ReadLines(info).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
