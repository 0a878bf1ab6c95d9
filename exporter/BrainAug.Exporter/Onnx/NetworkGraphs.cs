using BrainAug.Networks;
using Onnx;
using static BrainAug.Exporter.Onnx.OnnxGraphBuilder;

namespace BrainAug.Exporter.Onnx;

/// <summary>
/// Each network's ONNX graph, wired as its forward() is (skips, concatenations), with the layers emitted by
/// <see cref="LayerMappings"/>. Input and output names are stable: they are the serving contract.
/// </summary>
public static class NetworkGraphs
{
    /// <summary>Seg-DNN: "image" (N, C, S, S) in [0, 1] -> "logits" and "probability" (softmax over the channels
    /// for a multi-class network, else sigmoid per channel: one region, or the regions WT, TC, ET), both
    /// (N, K, S, S), and "features" (N, F): the bottleneck's
    /// activations averaged over space, F = baseWidth * 2^depth, the encoder embedding the experiment report's
    /// Frechet distance is measured in.</summary>
    public static ModelProto UNet(UNet network, int inChannels, int outChannels, int size, bool softmax)
    {
        var graph = new OnnxGraphBuilder("seg_unet");
        var input = graph.Input("image", inChannels, size, size);
        var skips = new List<string> { LayerMappings.Emit(network.InConv, input, graph) };
        foreach (var down in network.Downs)
            skips.Add(LayerMappings.Emit(down.Conv, LayerMappings.Emit(down.Pool, skips[^1], graph), graph));
        var x = skips[^1];
        var pooled = graph.Node("GlobalAveragePool", [x]);
        var features = graph.Node("Flatten", [pooled], [Int("axis", 1)]);
        for (var i = 0; i < network.Ups.Count; i++)
        {
            var upsampled = LayerMappings.Emit(network.Ups[i].UpConv, x, graph);
            var joined = graph.Node("Concat", [skips[^(i + 2)], upsampled], [Int("axis", 1)]);
            x = LayerMappings.Emit(network.Ups[i].Conv, joined, graph);
        }
        var logits = LayerMappings.Emit(network.Head, x, graph);
        graph.Output(logits, "logits", outChannels, size, size);
        var probability = softmax ? graph.Node("Softmax", [logits], [Int("axis", 1)]) : graph.Node("Sigmoid", [logits]);
        graph.Output(probability, "probability", outChannels, size, size);
        graph.Output(features, "features", (long)network.BottleneckChannels);
        return graph.Build("BrainAug Seg-DNN (U-Net)");
    }

    /// <summary>Tumour Generator: "noise" (N, nz, 1, 1) ~ N(0, 1) -> "label_map" (N, C, S, S) in [-1, 1]
    /// and "mask" = label_map > 0 as 0/1 floats (the study's threshold).</summary>
    public static ModelProto DcganGenerator(DcganGenerator network, int noiseSize, int channels, int size)
    {
        var graph = new OnnxGraphBuilder("tumour_generator");
        var input = graph.Input("noise", noiseSize, 1, 1);
        var labelMap = LayerMappings.Emit(network.Layers, input, graph);
        graph.Output(labelMap, "label_map", channels, size, size);
        var zero = graph.Initializer("zero", TorchSharp.torch.zeros(1));
        var mask = graph.Node("Cast", [graph.Node("Greater", [labelMap, zero])], [Int("to", (long)TensorProto.Types.DataType.Float)]);
        graph.Output(mask, "mask", channels, size, size);
        return graph.Build("BrainAug Tumour Generator (DCGAN)");
    }

    /// <summary>Brain Generator: "condition" (N, Cc, S, S) in [-1, 1] -> "image" (N, Cm, S, S) in [-1, 1].</summary>
    public static ModelProto Pix2PixGenerator(Pix2PixGenerator network, int conditionChannels, int imageChannels, int size)
    {
        var graph = new OnnxGraphBuilder("brain_generator");
        var input = graph.Input("condition", conditionChannels, size, size);
        graph.Output(Pix2PixBody(network, input, graph), "image", imageChannels, size, size);
        return graph.Build("BrainAug Brain Generator (pix2pix)");
    }

    /// <summary>Inpainting Brain Generator: "condition" (N, M + 1 + L, S, S): host modalities in [-1, 1], region and
    /// label in {-1, 1} -> "image" (N, M, S, S) = host * (1 - r) + painted * r with r = (region + 1) / 2, computed
    /// with the same operations in the same order as InpaintingGenerator.forward.</summary>
    public static ModelProto InpaintingGenerator(InpaintingGenerator network, int conditionChannels, int size)
    {
        var graph = new OnnxGraphBuilder("inpainting_brain_generator");
        var input = graph.Input("condition", conditionChannels, size, size);
        var m = network.Modalities;
        var one = graph.Initializer("one", TorchSharp.torch.ones(1));
        var half = graph.Initializer("half", TorchSharp.torch.full(1, 0.5f));
        var region = graph.Node("Mul", [graph.Node("Add", [graph.Channels(input, m, m + 1), one]), half]);
        var blanked = graph.Node("Mul", [graph.Channels(input, 0, m), graph.Node("Sub", [one, region])]);
        var painterInput = graph.Node("Concat", [blanked, graph.Channels(input, m, conditionChannels)], [Int("axis", 1)]);
        var painted = Pix2PixBody(network.Painter, painterInput, graph);
        graph.Output(graph.Node("Add", [blanked, graph.Node("Mul", [painted, region])]), "image", m, size, size);
        return graph.Build("BrainAug Brain Generator (inpainting pix2pix)");
    }

    private static string Pix2PixBody(Pix2PixGenerator network, string input, OnnxGraphBuilder graph)
    {
        var encoded = new List<string> { LayerMappings.Emit(network.Encoders[0], input, graph) };
        for (var i = 1; i < network.Downs; i++) encoded.Add(LayerMappings.Emit(network.Encoders[i], encoded[^1], graph));
        var x = LayerMappings.Emit(network.Decoders[network.Downs - 1], encoded[^1], graph);
        for (var i = network.Downs - 2; i >= 0; i--)
            x = LayerMappings.Emit(network.Decoders[i], graph.Node("Concat", [encoded[i], x], [Int("axis", 1)]), graph);
        return x;
    }
}
