namespace BrainAug.Imaging.Nifti;

/// <summary>
/// The one exception NIfTI reading and writing raise for a bad file: its message names the file and the
/// header field (or "data", "gzip") that is wrong, so a user can tell which of many files to fix.
/// </summary>
public sealed class NiftiFormatException : Exception
{
    public NiftiFormatException(string path, string field, string problem, Exception? inner = null)
        : base($"{path}: NIfTI field '{field}': {problem}", inner)
    {
        FilePath = path;
        Field = field;
    }

    /// <summary>The file that failed to read or write.</summary>
    public string FilePath { get; }

    /// <summary>The header field (or "data", "gzip", "file") at fault.</summary>
    public string Field { get; }
}
