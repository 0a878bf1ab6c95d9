namespace BrainAug.Imaging.Png;

/// <summary>A grid of equally sized RGB tiles with a 2-pixel black gutter, written as one PNG.</summary>
public sealed class Montage(int rows, int columns, int tileSize)
{
    private const int Gutter = 2;
    private readonly int _width = columns * (tileSize + Gutter) + Gutter;
    private readonly int _height = rows * (tileSize + Gutter) + Gutter;
    private readonly byte[] _pixels = new byte[(rows * (tileSize + Gutter) + Gutter) * (columns * (tileSize + Gutter) + Gutter) * 3];

    /// <summary>Places an RGB tile (tileSize x tileSize x 3) at (row, column).</summary>
    public void Place(int row, int column, byte[] rgb)
    {
        if (rgb.Length != tileSize * tileSize * 3) throw new ArgumentException("tile has the wrong size", nameof(rgb));
        var left = Gutter + column * (tileSize + Gutter);
        var top = Gutter + row * (tileSize + Gutter);
        for (var y = 0; y < tileSize; y++)
            rgb.AsSpan(y * tileSize * 3, tileSize * 3).CopyTo(_pixels.AsSpan(((top + y) * _width + left) * 3));
    }

    public void Save(string path) => PngWriter.Write(path, _width, _height, _pixels, rgb: true);
}
