using BrainAug.TestSupport;

namespace BrainAug.Exporter.Tests;

/// <summary>An independent reference for exported graphs.</summary>
public static class OnnxChecker
{
    /// <summary>Debian's python3-onnx (installed by the test set-up): onnx.checker.check_model(full_check=True).</summary>
    public static string Check(byte[] model)
    {
        var path = Path.Combine(Path.GetTempPath(), $"brainaug-check-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        try
        {
            var result = ReferencePython.RunAllowingFailure(
                "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print('ok')", path);
            return result.ExitCode == 0 ? result.Stdout.Trim() : result.Stderr;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
