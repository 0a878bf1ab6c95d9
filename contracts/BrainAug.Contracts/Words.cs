using System.Text.Json;

namespace BrainAug.Contracts;

/// <summary>The words of a contract enum, the same on the command line and in the JSON files (e.g. "bce+dice",
/// "multiclass"): defined once, by the enum's JSON names.</summary>
public static class Words
{
    public static string Of<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, ContractFile.Json).Trim('"');

    public static string[] All<T>() where T : struct, Enum => [.. Enum.GetValues<T>().Select(Of)];

    public static T Parse<T>(string word) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Of(v) == word).Select(v => (T?)v).FirstOrDefault()
        ?? throw new FormatException($"'{word}' is not one of {string.Join(", ", All<T>())}");
}
