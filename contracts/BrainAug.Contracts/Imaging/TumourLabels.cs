namespace BrainAug.Contracts.Imaging;

/// <summary>
/// BrainAug's one internal label convention. Each source layout maps to it on load:
/// BraTS 2018-2021 (0, 1 NCR/NET, 2 ED, 4 ET), BraTS 2023+ (0, 1 NETC, 2 SNFH, 3 ET) and MSD Task01 (0, 1 edema,
/// 2 non-enhancing, 3 enhancing). The internal values happen to equal BraTS 2023's.
/// </summary>
public static class TumourLabels
{
    public const byte Background = 0;

    /// <summary>Necrotic and non-enhancing tumour core (BraTS label 1, MSD label 2).</summary>
    public const byte NecroticCore = 1;

    /// <summary>Peritumoural edema (BraTS label 2, MSD label 1).</summary>
    public const byte Edema = 2;

    /// <summary>Enhancing tumour (BraTS label 4, MSD label 3).</summary>
    public const byte Enhancing = 3;

    public const int ClassCount = 4;

    /// <summary>BraTS 2018 label to internal; null for a value BraTS does not use.</summary>
    public static byte? FromBrats(float value) => value switch
    {
        0 => Background,
        1 => NecroticCore,
        2 => Edema,
        4 => Enhancing,
        _ => null,
    };

    /// <summary>BraTS 2023+ label (all cohorts) to internal; null for a value that release does not use (4, the
    /// resection cavity of BraTS 2024's post-treatment glioma, has no internal class).</summary>
    public static byte? FromBrats2023(float value) => value switch
    {
        0 => Background,
        1 => NecroticCore,
        2 => Edema,
        3 => Enhancing,
        _ => null,
    };

    /// <summary>Internal label to the BraTS 2018 value written in *_seg files.</summary>
    public static byte ToBrats(byte label) => label == Enhancing ? (byte)4 : label;

    /// <summary>MSD Task01 label to internal; null for a value MSD does not use.</summary>
    public static byte? FromMsd(float value) => value switch
    {
        0 => Background,
        1 => Edema,
        2 => NecroticCore,
        3 => Enhancing,
        _ => null,
    };
}
