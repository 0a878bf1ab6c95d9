namespace BrainAug.Contracts;

/// <summary>A file one tool writes and another reads. <see cref="SchemaVersion"/> changes whenever a reader of an
/// older file would misread it; <see cref="ContractFile.Read{T}"/> refuses any other version with <see cref="Remedy"/>.</summary>
public interface IContract
{
    int SchemaVersion { get; }

    /// <summary>The version this build writes and reads.</summary>
    static abstract int CurrentSchemaVersion { get; }

    /// <summary>What the user does about a file of another version, e.g. "export it again".</summary>
    static abstract string Remedy { get; }
}
