using System.Diagnostics;

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
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print('ok')");
            start.ArgumentList.Add(path);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "onnx checker did not finish");
            return process.ExitCode == 0 ? stdout.Result.Trim() : stderr.Result;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
