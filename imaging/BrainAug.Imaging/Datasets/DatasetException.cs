namespace BrainAug.Imaging.Datasets;

/// <summary>A dataset that cannot be used as it is: missing or mismatched files, unknown labels.
/// The message names the case (and file) so the user knows what to fix.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
