namespace BrainAug.Imaging.Datasets;

/// <summary>
/// Voxel arrays that a loop loading case after case on one thread hands back to the next load: on these machines a
/// fresh 35 MB array (one BraTS volume as float32) costs more in page faults than gzip inflating the volume, so a
/// dataset-wide pass reuses them. A case loaded with buffers is valid until the next load with the same buffers.
/// </summary>
public sealed class CaseBuffers
{
    private readonly Dictionary<string, float[]> _volumes = new(StringComparer.Ordinal);
    private byte[] _labels = [];

    /// <summary>The array last used for <paramref name="role"/> (a modality's name, or "seg"), if any.</summary>
    internal float[]? Volume(string role) => _volumes.GetValueOrDefault(role);

    internal float[] Keep(string role, float[] volume) => _volumes[role] = volume;

    /// <summary>A label array of <paramref name="length"/> voxels (its old contents are overwritten by the caller).</summary>
    internal byte[] Labels(int length) => _labels.Length == length ? _labels : _labels = new byte[length];
}
