using ScottPlot;
using SkiaSharp;

namespace BrainAug.Plotting;

/// <summary>
/// Whether a chart's text can be drawn. ScottPlot draws nothing for a character its typeface has no glyph for, so
/// on a machine without fonts (a minimal Debian install) every title, axis label, tick label and legend entry comes
/// out blank without any error. This looks each text up in the typeface ScottPlot will draw it with.
/// </summary>
public static class PlotText
{
    /// <summary>Characters of every tick label ScottPlot draws (numbers, signs, exponents).</summary>
    private const string TickCharacters = "0123456789.-+e";

    /// <summary>Null when every text of <paramref name="plot"/> can be drawn, else which text cannot and why.</summary>
    public static string? Problem(Plot plot)
    {
        foreach (var (part, fontName, bold, italic, text) in Texts(plot))
        {
            // ScottPlot caches the typefaces it resolves: it owns them, so they are not disposed here.
            var typeface = Fonts.GetTypeface(fontName, bold, italic);
            using var font = new SKFont(typeface);
            var missing = text.Where(c => !char.IsWhiteSpace(c) && font.GetGlyph(c) == 0).Distinct().ToArray();
            if (missing.Length == 0) continue;
            return typeface.FamilyName.Length == 0
                ? $"the {part} \"{text}\" cannot be drawn: no font is installed under /usr/share/fonts, where the plotting library " +
                  "looks for them. Install one as root (Debian/Ubuntu: apt-get install fonts-dejavu-core; scripts/setup.sh does this)."
                : $"the {part} \"{text}\" cannot be drawn: font '{typeface.FamilyName}' has no glyph for '{new string(missing)}'. " +
                  "Use other characters, or install a font that has them (Debian/Ubuntu: fonts-dejavu-core has most).";
        }
        return null;
    }

    private static IEnumerable<(string Part, string FontName, bool Bold, bool Italic, string Text)> Texts(Plot plot)
    {
        var title = plot.Axes.Title.Label;
        yield return ("title", title.FontName, title.Bold, title.Italic, title.Text);
        foreach (var (name, axis) in new[] { ("x-axis", (IAxis)plot.Axes.Bottom), ("y-axis", plot.Axes.Left) })
        {
            yield return ($"{name} label", axis.Label.FontName, axis.Label.Bold, axis.Label.Italic, axis.Label.Text);
            yield return ($"{name} tick labels", axis.TickLabelStyle.FontName, axis.TickLabelStyle.Bold, axis.TickLabelStyle.Italic, TickCharacters);
        }
        // ShowLegend(Edge) hides the legend inside the data area and draws the same legend in a panel beside it.
        var beside = plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().Any(panel => panel.IsVisible);
        if (!plot.Legend.IsVisible && !beside) yield break;
        foreach (var item in plot.GetPlottables().SelectMany(p => p.LegendItems))
            yield return ("legend entry", plot.Legend.FontName ?? Fonts.Default, false, false, item.LabelText);
    }
}
