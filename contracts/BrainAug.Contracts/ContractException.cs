namespace BrainAug.Contracts;

/// <summary>A contract file that is missing, malformed or of another schema version; the message names the file
/// and says what to do.</summary>
public sealed class ContractException(string message, Exception? inner = null) : Exception(message, inner);
