using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BrainAug.Contracts;

/// <summary>
/// Reads and writes every contract file the same way: snake_case JSON, enums as their command-line words, a
/// schema_version checked on reading, and writes that replace the file in one step (a crash leaves the old file or
/// the new one, never half of one).
/// </summary>
public static class ContractFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "bce+dice", not "bce\u002Bdice": the files are read by people too
        AllowOutOfOrderMetadataProperties = true, // "kind" need not come first in a hand-edited file
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a diverged loss is written "NaN", not refused
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, // a renamed or unknown property is an error, not a default
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static void Write<T>(string path, T contract) where T : IContract =>
        AtomicFile.WriteAllText(path, Serialize(contract));

    public static string Serialize<T>(T contract) where T : IContract => JsonSerializer.Serialize(contract, Json) + "\n";

    public static T Read<T>(string path) where T : IContract
    {
        if (!File.Exists(path)) throw new ContractException($"{path} does not exist");
        return Parse<T>(File.ReadAllText(path), path);
    }

    /// <summary>Parses <paramref name="json"/> (from <paramref name="source"/>, named in errors) after checking its
    /// schema version.</summary>
    public static T Parse<T>(string json, string source) where T : IContract
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ContractException($"{source} is not valid JSON: {e.Message}", e);
        }
        if (node is not JsonObject root) throw new ContractException($"{source} is not a JSON object");
        CheckVersion<T>(root, source);
        try
        {
            return root.Deserialize<T>(Json) ?? throw new ContractException($"{source} is empty");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ContractException($"{source} does not hold a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static void CheckVersion<T>(JsonObject root, string source) where T : IContract
    {
        var found = root["schema_version"] is JsonValue value && value.TryGetValue<int>(out var v) ? v : (int?)null;
        if (found == T.CurrentSchemaVersion) return;
        var what = found is null ? "was written before schema versions (it has no schema_version)" : $"has schema version {found}";
        throw new ContractException($"{source} {what}; this build reads version {T.CurrentSchemaVersion}: {T.Remedy}");
    }
}
