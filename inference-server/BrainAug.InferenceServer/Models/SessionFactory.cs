using System.Runtime.InteropServices;
using BrainAug.InferenceServer.Configuration;
using Microsoft.ML.OnnxRuntime;

namespace BrainAug.InferenceServer.Models;

/// <summary>Opens ONNX graphs on the CUDA execution provider when it loads (and is allowed), on the CPU otherwise.</summary>
public sealed class SessionFactory(ServerOptions options, ILogger<SessionFactory> logger)
{
    private readonly Lazy<string?> _cudaMissing = new(() => CudaMissing());
    private bool _cpuFallbackLogged;

    public OnnxModel Open(string onnxPath, IReadOnlyList<string> outputs)
    {
        if (options.Provider == "cuda" && _cudaMissing.Value is { } reason)
            throw new InvalidDataException($"--provider cuda, but CUDA is unavailable: {reason}");
        if (options.Provider != "cpu" && _cudaMissing.Value is null)
        {
            try
            {
                var cudaOptions = BaseOptions();
                cudaOptions.AppendExecutionProvider_CUDA(0);
                return new OnnxModel(new InferenceSession(onnxPath, cudaOptions), "CUDA", outputs);
            }
            catch (OnnxRuntimeException e) when (options.Provider == "auto")
            {
                Log.CudaUnavailable(logger, e.Message.Split('\n')[0]);
            }
        }
        else if (options.Provider == "auto" && !_cpuFallbackLogged)
        {
            Log.CudaUnavailable(logger, _cudaMissing.Value!);
            _cpuFallbackLogged = true;
        }
        return new OnnxModel(new InferenceSession(onnxPath, BaseOptions()), "CPU", outputs);
    }

    /// <summary>Why CUDA cannot work here, or null when its libraries load. Checked before asking ONNX Runtime,
    /// which would otherwise print a native error for every model it opens on a machine without CUDA.</summary>
    private static string? CudaMissing()
    {
        foreach (var library in new[] { "libcuda.so.1", "libcudart.so.13", "libcublasLt.so.13", "libcudnn.so.9" })
        {
            if (!NativeLibrary.TryLoad(library, out var handle)) return $"{library} not found (needs an NVIDIA driver, CUDA 13 and cuDNN 9)";
            NativeLibrary.Free(handle);
        }
        return null;
    }

    private Microsoft.ML.OnnxRuntime.SessionOptions BaseOptions() => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        // ONNX Runtime's default of 0 ran on one thread on these machines; one per core is what a server wants.
        // (Its worker threads spin between operators; turning that off cost 5-10% of U-Net throughput here.)
        IntraOpNumThreads = options.IntraOpThreads,
        InterOpNumThreads = 1,
    };
}
