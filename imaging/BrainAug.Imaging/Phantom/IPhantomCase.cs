namespace BrainAug.Imaging.Phantom;

/// <summary>One phantom case as the generator writes it: an easy <see cref="PhantomCase"/> or a realistic one.</summary>
internal interface IPhantomCase
{
    string Id { get; }

    /// <summary>Images in <see cref="Datasets.Modalities.All"/> order (scanner units, 0 outside the brain) and labels.</summary>
    (float[][] Images, byte[] Labels) Synthesise();

    /// <summary>The case's line in phantom.json, given its labels.</summary>
    PhantomCaseRecord Record(byte[] labels);
}
