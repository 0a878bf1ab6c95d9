namespace BrainAug.Trainer.Training;

/// <summary>
/// Label maps as GAN channels in [-1, 1] (Tanh range): one channel for a binary region, or three one-hot
/// channels (necrotic core, edema, enhancing) for multi-class; and back, thresholding at 0 as the study did.
/// </summary>
public static class LabelChannels
{
    public static int Count(bool multiClass) => multiClass ? 3 : 1;

    public static void Write(byte[] label, bool multiClass, Span<float> destination)
    {
        var pixels = label.Length;
        for (var c = 0; c < Count(multiClass); c++)
            for (var p = 0; p < pixels; p++)
                destination[c * pixels + p] = (multiClass ? label[p] == c + 1 : label[p] != 0) ? 1f : -1f;
    }

    /// <summary>Channels back to labels: binary 0/1 (value > 0), or the strongest positive class (0 if none).</summary>
    public static byte[] Read(ReadOnlySpan<float> channels, bool multiClass, int pixels)
    {
        var labels = new byte[pixels];
        for (var p = 0; p < pixels; p++)
        {
            if (!multiClass)
            {
                labels[p] = channels[p] > 0 ? (byte)1 : (byte)0;
                continue;
            }
            float best = 0;
            for (var c = 0; c < 3; c++)
                if (channels[c * pixels + p] > best) (best, labels[p]) = (channels[c * pixels + p], (byte)(c + 1));
        }
        return labels;
    }
}
