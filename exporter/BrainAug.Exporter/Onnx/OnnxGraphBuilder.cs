using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace BrainAug.Exporter.Onnx;

/// <summary>
/// Builds one ONNX graph (opset 17, IR 8): float inputs/outputs with a dynamic batch dimension "N",
/// weights as initializers (never graph inputs), nodes appended in call order (so topologically sorted).
/// </summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    public const int Opset = 17;
    public const long IrVersion = 8;
    public const string BatchDimension = "N";

    private readonly GraphProto _graph = new() { Name = graphName };
    private readonly Dictionary<string, int> _nameCounts = [];

    /// <summary>Declares a graph input (N, dims...).</summary>
    public string Input(string name, params long[] dims)
    {
        _graph.Input.Add(ValueInfo(name, dims));
        return name;
    }

    public void Output(string value, string name, params long[] dims)
    {
        if (value != name) Node("Identity", [value], name: name, output: name);
        _graph.Output.Add(ValueInfo(name, dims));
    }

    /// <summary>Adds a float32 initializer copied from a tensor; returns its name.</summary>
    public string Initializer(string hint, Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        var values = cpu.data<float>().ToArray();
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        var proto = new TensorProto { Name = Unique(hint), DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        proto.Dims.AddRange(cpu.shape);
        _graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Adds an int64 initializer (the index operands of Slice and friends); returns its name.</summary>
    public string Int64Initializer(string hint, params long[] values)
    {
        var proto = new TensorProto { Name = Unique(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Int64Data.AddRange(values);
        proto.Dims.Add(values.Length);
        _graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Channels [from, to) of an NCHW value.</summary>
    public string Channels(string value, long from, long to) =>
        Node("Slice", [value, Int64Initializer("starts", from), Int64Initializer("ends", to), Int64Initializer("axes", 1)]);

    /// <summary>Appends a node; returns the name of its (single) output.</summary>
    public string Node(string opType, IEnumerable<string> inputs, IEnumerable<AttributeProto>? attributes = null, string? name = null, string? output = null)
    {
        var node = new NodeProto { OpType = opType, Name = Unique(name ?? opType) };
        node.Input.AddRange(inputs);
        node.Output.Add(output ?? node.Name + "_out");
        if (attributes is not null) node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return node.Output[0];
    }

    public ModelProto Build(string docString)
    {
        var model = new ModelProto { IrVersion = IrVersion, ProducerName = "brainaug-exporter", ProducerVersion = "1", Graph = _graph, DocString = docString };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private string Unique(string hint)
    {
        _nameCounts[hint] = _nameCounts.GetValueOrDefault(hint) + 1;
        return _nameCounts[hint] == 1 ? hint : $"{hint}_{_nameCounts[hint]}";
    }

    private static ValueInfoProto ValueInfo(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        foreach (var dim in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
