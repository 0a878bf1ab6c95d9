using System.Globalization;
using System.Runtime.InteropServices;
using BrainAug.Contracts;
using BrainAug.Contracts.Generation;
using BrainAug.Contracts.Models;
using BrainAug.Protos.Inference;
using Google.Protobuf;

namespace BrainAug.Clients.Connection;

/// <summary>
/// The Open Inference Protocol (KServe v2), as Triton, KServe and brainaug-server speak it: ModelMetadata and
/// ModelInfer only. What brainaug.v1 computes server-side is computed here the same way: the tumour generator's
/// noise (CounterNoise) and its mask (label_map > 0). The protocol carries no training config, so each model's
/// metadata.json is read from the repository the server serves, and checked against the server's ModelMetadata.
/// With <paramref name="sharedMemory"/>, tensors travel through /dev/shm instead of the socket (a server on this machine).
/// </summary>
public sealed class OpenInferenceProtocol(ServerConnection connection, string repository, SharedMemorySlots? sharedMemory = null) : IInferenceProtocol
{
    public async Task<ServedModel> FindAsync(string reference, CancellationToken cancellation)
    {
        var (name, version) = ServedModel.Parse(reference);
        var served = await connection.CallAsync(o => connection.OpenInference.ModelMetadataAsync(
            new ModelMetadataRequest { Name = name, Version = version == 0 ? "" : Text(version) }, o), cancellation);
        // The default version is the newest, as Triton's default policy ("latest") and brainaug-server choose it.
        var chosen = version != 0 ? version : served.Versions.Select(v => long.Parse(v, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        var path = Path.Combine(ModelRepositoryLayout.VersionFolder(repository, name, chosen), ModelRepositoryLayout.MetadataFile);
        if (!File.Exists(path))
            throw new ContractException($"the server serves {name}:{chosen}, but {path} does not exist: --repository must be the model repository the server serves");
        var model = ServedModel.From(ContractFile.Read<ModelMetadata>(path));
        CheckAgrees(model, served);
        return model;
    }

    public async Task<byte[]> TumourMasksAsync(ServedModel model, ulong seed, ulong start, int count, CancellationToken cancellation)
    {
        var length = model.InputLength;
        var noise = new float[count * length];
        for (var i = 0; i < count; i++) CounterNoise.Fill(seed, start + (ulong)i, noise.AsSpan(i * length, length));
        var labelMap = await InferAsync(model, noise, count, cancellation);
        var mask = new byte[labelMap.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = labelMap[i] > 0 ? (byte)1 : (byte)0;
        return mask;
    }

    public Task<float[]> GenerateBrainAsync(ServedModel model, float[] condition, CancellationToken cancellation) =>
        InferAsync(model, condition, 1, cancellation);

    public Task<float[]> SegmentAsync(ServedModel model, float[] images, int count, CancellationToken cancellation) =>
        InferAsync(model, images, count, cancellation);

    public void Dispose() => sharedMemory?.Dispose();

    /// <summary>One ModelInfer call: the model's input as raw FP32 bytes, its served output back.</summary>
    private async Task<float[]> InferAsync(ServedModel model, float[] input, int count, CancellationToken cancellation)
    {
        var request = new ModelInferRequest { ModelName = model.Name, ModelVersion = Text(model.Version) };
        var tensor = new ModelInferRequest.Types.InferInputTensor { Name = model.InputName, Datatype = "FP32" };
        tensor.Shape.Add([count, .. model.InputShape.Skip(1)]);
        request.Inputs.Add(tensor);
        var wanted = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = model.OutputName };
        request.Outputs.Add(wanted);
        var inputBytes = (long)input.Length * sizeof(float);
        if (sharedMemory is null)
        {
            request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(input.AsSpan())));
            var response = await connection.CallAsync(o => connection.OpenInference.ModelInferAsync(request, o), cancellation);
            var index = OutputIndex(model, response, count);
            if (index >= response.RawOutputContents.Count || response.RawOutputContents[index].Length != OutputBytes(response, index))
                throw new InvalidDataException($"{model.Name}:{model.Version} did not return {OutputBytes(response, index)} bytes of '{model.OutputName}' in raw_output_contents");
            return MemoryMarshal.Cast<byte, float>(response.RawOutputContents[index].Span).ToArray();
        }

        // The output of every model read here has the shape of its first output (logits and probability alike); the
        // server refuses the call when the room left for it is too small.
        var outputBytes = count * model.OutputShape.Skip(1).Aggregate(1L, (a, b) => a * b) * sizeof(float);
        var slot = await sharedMemory.RentAsync(inputBytes + outputBytes, cancellation);
        try
        {
            slot.Write(0, MemoryMarshal.AsBytes(input.AsSpan()));
            Place(tensor.Parameters, slot.Name, 0, inputBytes);
            Place(wanted.Parameters, slot.Name, inputBytes, outputBytes);
            var response = await connection.CallAsync(o => connection.OpenInference.ModelInferAsync(request, o), cancellation);
            var index = OutputIndex(model, response, count);
            var output = new float[OutputBytes(response, index) / sizeof(float)];
            slot.Read(inputBytes, MemoryMarshal.AsBytes(output.AsSpan()));
            return output;
        }
        finally
        {
            sharedMemory.Return(slot);
        }
    }

    /// <summary>Where the response holds the output the client reads; it must be FP32 with one sample per input.</summary>
    private static int OutputIndex(ServedModel model, ModelInferResponse response, int count)
    {
        var index = response.Outputs.Select(o => o.Name).ToList().IndexOf(model.OutputName);
        if (index < 0 || response.Outputs[index].Datatype != "FP32")
            throw new InvalidDataException($"{model.Name}:{model.Version} did not return output '{model.OutputName}' as FP32");
        if (response.Outputs[index].Shape.FirstOrDefault() != count)
            throw new InvalidDataException($"{model.Name}:{model.Version} returned '{model.OutputName}' shaped [{string.Join(", ", response.Outputs[index].Shape)}] for {count} samples");
        return index;
    }

    private static long OutputBytes(ModelInferResponse response, int index) =>
        response.Outputs[index].Shape.Aggregate(1L, (a, b) => a * b) * sizeof(float);

    /// <summary>The shared-memory parameters of a tensor, named as Triton's extension names them.</summary>
    private static void Place(Google.Protobuf.Collections.MapField<string, InferParameter> parameters, string region, long offset, long bytes)
    {
        parameters["shared_memory_region"] = new InferParameter { StringParam = region };
        parameters["shared_memory_offset"] = new InferParameter { Int64Param = offset };
        parameters["shared_memory_byte_size"] = new InferParameter { Int64Param = bytes };
    }

    /// <summary>The server's model must take the input and give the output that the repository's metadata.json describes.</summary>
    private static void CheckAgrees(ServedModel model, ModelMetadataResponse served)
    {
        var input = served.Inputs.FirstOrDefault(i => i.Name == model.InputName);
        var output = served.Outputs.FirstOrDefault(o => o.Name == model.OutputName);
        if (served.Inputs.Count != 1 || input is null || input.Datatype != "FP32" || !input.Shape.Skip(1).SequenceEqual(model.InputShape.Skip(1)))
            throw new ContractException($"the server's {model.Name}:{model.Version} takes {Describe(served.Inputs)}, but its metadata.json says '{model.InputName}' FP32 [{string.Join(", ", model.InputShape)}]: serve the repository you pass as --repository");
        if (output is null || output.Datatype != "FP32")
            throw new ContractException($"the server's {model.Name}:{model.Version} has outputs {Describe(served.Outputs)}, not '{model.OutputName}' FP32: serve the repository you pass as --repository");
    }

    private static string Describe(IEnumerable<ModelMetadataResponse.Types.TensorMetadata> tensors) =>
        string.Join(", ", tensors.Select(t => $"'{t.Name}' {t.Datatype} [{string.Join(", ", t.Shape)}]"));

    private static string Text(long version) => version.ToString(CultureInfo.InvariantCulture);
}
