using BrainAug.Exporter.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BrainAug.Exporter.Tests;

/// <summary>Every layer mapping alone in a graph: ONNX Runtime must agree with TorchSharp at batch 1 and 4.</summary>
public class LayerMappingTests
{
    public static TheoryData<string, Func<nn.Module<Tensor, Tensor>>, long[]> Layers => new()
    {
        { "Conv2d k3 p1 bias", () => Conv2d(3, 5, kernel_size: 3, padding: 1), [3, 12, 12] },
        { "Conv2d k4 s2 p1 no bias", () => Conv2d(2, 4, kernel_size: 4, stride: 2, padding: 1, bias: false), [2, 16, 16] },
        { "Conv2d 1x1", () => Conv2d(4, 2, kernel_size: 1), [4, 8, 8] },
        { "ConvTranspose2d k2 s2", () => ConvTranspose2d(4, 2, kernel_size: 2, stride: 2), [4, 6, 6] },
        { "ConvTranspose2d k4 s2 p1 no bias", () => ConvTranspose2d(3, 2, kernel_size: 4, stride: 2, padding: 1, bias: false), [3, 5, 5] },
        { "ConvTranspose2d k3 s2 p1 output_padding 1", () => ConvTranspose2d(2, 3, kernel_size: 3, stride: 2, padding: 1, output_padding: 1), [2, 7, 7] },
        { "ConvTranspose2d k4 s1 p0 (DCGAN projection)", () => ConvTranspose2d(8, 4, kernel_size: 4, stride: 1, bias: false), [8, 1, 1] },
        { "BatchNorm2d with running statistics", TrainedBatchNorm, [3, 6, 6] },
        { "MaxPool2d k2 s2", () => MaxPool2d(kernel_size: 2, stride: 2), [2, 10, 10] },
        { "MaxPool2d k3 s2 p1", () => MaxPool2d(kernel_size: 3, stride: 2, padding: 1), [2, 9, 9] },
        { "ReLU", () => ReLU(), [2, 4, 4] },
        { "LeakyReLU 0.2", () => LeakyReLU(0.2), [2, 4, 4] },
        { "Tanh", () => Tanh(), [2, 4, 4] },
        { "Sigmoid", () => Sigmoid(), [2, 4, 4] },
        { "Dropout (inference: identity)", () => Dropout(0.5), [2, 4, 4] },
        { "Sequential of several", () => Sequential(Conv2d(1, 2, 3, padding: 1), BatchNorm2d(2), LeakyReLU(0.2), MaxPool2d(2, 2)), [1, 8, 8] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void SingleLayerGraph_OnnxRuntimeMatchesTorchSharp(string name, Func<nn.Module<Tensor, Tensor>> create, long[] inputShape)
    {
        manual_seed(3);
        using var layer = create();
        layer.eval();
        var model = SingleLayer.Graph(layer, inputShape);

        var difference = ParityCheck.Verify(model, layer, inputShape, [1, 4]);

        Assert.True(difference <= ParityCheck.Tolerance, $"{name}: {difference:E2}");
        Assert.Equal("ok", OnnxChecker.Check(Google.Protobuf.MessageExtensions.ToByteArray(model)));
    }

    [Fact]
    public void UnknownLayer_ClearErrorNamingIt()
    {
        using var layer = GELU();

        var error = Assert.Throws<UnsupportedLayerException>(() => SingleLayer.Graph(layer, [2, 4, 4]));

        Assert.Contains("GELU", error.Message);
    }

    /// <summary>A BatchNorm whose running statistics and affine parameters are far from their defaults.</summary>
    private static nn.Module<Tensor, Tensor> TrainedBatchNorm()
    {
        var norm = BatchNorm2d(3);
        using var _ = no_grad();
        norm.running_mean!.copy_(tensor(new[] { 0.5f, -1f, 2f }));
        norm.running_var!.copy_(tensor(new[] { 0.25f, 4f, 1.5f }));
        norm.weight!.copy_(tensor(new[] { 2f, 0.5f, -1f }));
        norm.bias!.copy_(tensor(new[] { 0.1f, -0.3f, 1f }));
        return norm;
    }
}

/// <summary>Wraps one layer in a graph "x" -> "y", with the output shape taken from TorchSharp.</summary>
internal static class SingleLayer
{
    public static global::Onnx.ModelProto Graph(nn.Module<Tensor, Tensor> layer, long[] inputShape)
    {
        layer.eval();
        long[] outputShape;
        using (no_grad())
        using (var probe = layer.call(zeros([1, .. inputShape])))
            outputShape = probe.shape[1..];
        var graph = new OnnxGraphBuilder("single_layer");
        var input = graph.Input("x", inputShape);
        graph.Output(LayerMappings.Emit(layer, input, graph), "y", outputShape);
        return graph.Build("single layer test");
    }
}
