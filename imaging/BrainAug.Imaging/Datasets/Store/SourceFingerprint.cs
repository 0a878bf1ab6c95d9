using System.Security.Cryptography;
using System.Text;

namespace BrainAug.Imaging.Datasets.Store;

/// <summary>
/// What a slice store remembers of its sources: each file's path (relative to the dataset), length and modification
/// time, hashed. Reading metadata only keeps the check to a directory scan (hashing BraTS's 17 GB would cost every tool
/// longer than its data-ready budget); an edited, replaced, added or removed file changes it, and a copy that does not
/// keep modification times reads as changed, which costs a rebuild, never a stale read.
/// </summary>
public static class SourceFingerprint
{
    public static string Of(CaseReference reference, string datasetRoot)
    {
        var lines = reference.SourceFiles.Select(path =>
        {
            var file = new FileInfo(path);
            return $"{Path.GetRelativePath(datasetRoot, path)}\t{file.Length}\t{file.LastWriteTimeUtc.Ticks}";
        });
        return Hash(lines);
    }

    /// <summary>One hash over many (the store's over its cases', in case order).</summary>
    public static string Combine(IEnumerable<string> fingerprints) => Hash(fingerprints);

    private static string Hash(IEnumerable<string> lines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
}
