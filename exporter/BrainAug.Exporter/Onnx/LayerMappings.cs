using BrainAug.Networks.Blocks;
using TorchSharp.Modules;
using static BrainAug.Exporter.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace BrainAug.Exporter.Onnx;

/// <summary>An ONNX export met a module type it has no mapping for.</summary>
public sealed class UnsupportedLayerException(string layerType)
    : Exception($"no ONNX mapping for layer type '{layerType}': add one in LayerMappings before exporting this network")
{
    public string LayerType { get; } = layerType;
}

/// <summary>
/// The one place where TorchSharp layer types become ONNX nodes (inference semantics: BatchNorm uses its
/// running statistics, Dropout is dropped). Containers (Sequential, DoubleConv) emit their children in order.
/// </summary>
public static class LayerMappings
{
    /// <summary>Emits <paramref name="module"/> applied to <paramref name="input"/>; returns the output value name.</summary>
    public static string Emit(nn.Module module, string input, OnnxGraphBuilder graph) => module switch
    {
        Sequential sequential => sequential.named_children().Aggregate(input, (value, child) => Emit(child.module, value, graph)),
        DoubleConv doubleConv => Emit(doubleConv.Layers, input, graph),
        Conv2d conv => Conv(conv, input, graph),
        ConvTranspose2d deconv => ConvTranspose(deconv, input, graph),
        BatchNorm2d norm => graph.Node("BatchNormalization",
            [input, graph.Initializer("bn_scale", norm.weight!), graph.Initializer("bn_bias", norm.bias!),
             graph.Initializer("bn_mean", norm.running_mean!), graph.Initializer("bn_var", norm.running_var!)],
            [Float("epsilon", (float)norm.eps)]),
        MaxPool2d pool => graph.Node("MaxPool", [input],
            [Ints("kernel_shape", pool.kernel_size), Ints("strides", pool.stride ?? pool.kernel_size), Ints("pads", Pads(pool.padding ?? [0, 0]))]),
        ReLU => graph.Node("Relu", [input]),
        LeakyReLU leaky => graph.Node("LeakyRelu", [input], [Float("alpha", (float)leaky.negative_slope)]),
        Tanh => graph.Node("Tanh", [input]),
        Sigmoid => graph.Node("Sigmoid", [input]),
        Dropout => input,
        _ => throw new UnsupportedLayerException(module.GetType().Name),
    };

    private static string Conv(Conv2d conv, string input, OnnxGraphBuilder graph)
    {
        List<string> inputs = [input, graph.Initializer("conv_w", conv.weight!)];
        if (conv.bias is not null) inputs.Add(graph.Initializer("conv_b", conv.bias));
        return graph.Node("Conv", inputs,
        [
            Ints("kernel_shape", conv.kernel_size), Ints("strides", conv.stride), Ints("pads", Pads(conv.padding ?? [0, 0])),
            Ints("dilations", conv.dilation), Int("group", conv.groups),
        ]);
    }

    private static string ConvTranspose(ConvTranspose2d deconv, string input, OnnxGraphBuilder graph)
    {
        List<string> inputs = [input, graph.Initializer("deconv_w", deconv.weight!)];
        if (deconv.bias is not null) inputs.Add(graph.Initializer("deconv_b", deconv.bias));
        return graph.Node("ConvTranspose", inputs,
        [
            Ints("kernel_shape", deconv.kernel_size), Ints("strides", deconv.stride), Ints("pads", Pads(deconv.padding ?? [0, 0])),
            Ints("output_padding", deconv.output_padding ?? [0, 0]), Ints("dilations", deconv.dilation), Int("group", deconv.groups),
        ]);
    }

    /// <summary>PyTorch's symmetric (h, w) padding as ONNX [h_begin, w_begin, h_end, w_end].</summary>
    private static long[] Pads(long[] padding) => [padding[0], padding[1], padding[0], padding[1]];
}
