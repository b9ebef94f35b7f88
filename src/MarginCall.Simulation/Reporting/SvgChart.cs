using System.Globalization;
using System.Net;
using System.Text;

namespace MarginCall.Simulation.Reporting;

/// <summary>
/// A minimal line/bar chart rendered as inline SVG (no scripts, no external CSS), for self-contained HTML reports.
/// Series share the x axis; y is scaled to the data's range (including zero for bars).
/// </summary>
public sealed class SvgChart
{
    private const int Width = 900;
    private const int Height = 275;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 44;
    private const int Bottom = 40;
    private readonly List<(string Name, string Color, double[] Y, bool Bars)> series = [];
    private readonly List<double> markers = [];

    /// <summary>Creates a chart.</summary>
    public SvgChart(string title, string xLabel, double[] x)
    {
        Title = title;
        XLabel = xLabel;
        X = x;
    }

    /// <summary>Chart title.</summary>
    public string Title { get; }

    /// <summary>X axis label.</summary>
    public string XLabel { get; }

    /// <summary>X values.</summary>
    public double[] X { get; }

    /// <summary>Adds a line.</summary>
    public SvgChart Line(string name, string color, double[] y)
    {
        series.Add((name, color, y, false));
        return this;
    }

    /// <summary>Adds bars.</summary>
    public SvgChart Bars(string name, string color, double[] y)
    {
        series.Add((name, color, y, true));
        return this;
    }

    /// <summary>Adds vertical markers at these x values (e.g. steps with liquidations).</summary>
    public SvgChart Markers(IEnumerable<double> x)
    {
        markers.AddRange(x);
        return this;
    }

    /// <summary>The chart as an &lt;svg&gt; element.</summary>
    public string Render()
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"{Escape(Title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(Title)}</text>");
        if (X.Length == 0 || series.Count == 0)
        {
            return svg.Append("</svg>").ToString();
        }

        double xMin = X[0], xMax = X[^1];
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        var values = series.SelectMany(s => s.Y).Where(double.IsFinite).ToList();
        double yMin = values.Count == 0 ? 0 : values.Min(), yMax = values.Count == 0 ? 1 : values.Max();
        if (series.Any(s => s.Bars))
        {
            yMin = Math.Min(0, yMin);
        }

        if (yMax <= yMin)
        {
            yMax = yMin + 1;
        }

        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Px(double x) => Left + ((x - xMin) / (xMax - xMin) * plotW);
        double Py(double y) => Top + plotH - ((y - yMin) / (yMax - yMin) * plotH);

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var y = yMin + ((yMax - yMin) * i / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{F(Py(y))}\" y2=\"{F(Py(y))}\" stroke=\"#e5e5e5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Py(y) + 4)}\" font-size=\"11\" text-anchor=\"end\">{Escape(Short(y))}</text>");
            var x = xMin + ((xMax - xMin) * i / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Px(x))}\" y=\"{Top + plotH + 16}\" font-size=\"11\" text-anchor=\"middle\">{Escape(Short(x))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 6}\" font-size=\"11\" text-anchor=\"middle\">{Escape(XLabel)}</text>");
        foreach (var x in markers)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Px(x))}\" x2=\"{F(Px(x))}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#d62728\" stroke-opacity=\"0.25\"/>");
        }

        // Legend on its own row under the title.
        var legendX = (double)Left;
        foreach (var (name, color, y, bars) in series)
        {
            if (bars)
            {
                var barWidth = Math.Max(1.0, plotW / (double)Math.Max(1, X.Length));
                for (var i = 0; i < Math.Min(X.Length, y.Length); i++)
                {
                    if (y[i] != 0 && double.IsFinite(y[i]))
                    {
                        var top = Math.Min(Py(y[i]), Py(0));
                        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Px(X[i]) - (barWidth / 2))}\" y=\"{F(top)}\" width=\"{F(barWidth)}\" height=\"{F(Math.Abs(Py(y[i]) - Py(0)))}\" fill=\"{color}\"/>");
                    }
                }
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"");
                for (var i = 0; i < Math.Min(X.Length, y.Length); i++)
                {
                    if (double.IsFinite(y[i]))
                    {
                        svg.Append(F(Px(X[i]))).Append(',').Append(F(Py(y[i]))).Append(' ');
                    }
                }

                svg.Append("\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(legendX)}\" y=\"24\" width=\"12\" height=\"10\" fill=\"{color}\"/><text x=\"{F(legendX + 16)}\" y=\"33\" font-size=\"12\">{Escape(name)}</text>");
            legendX += LegendWidth(name);
        }

        return svg.Append("</svg>").ToString();
    }

    private static double LegendWidth(string name) => 26 + (6.5 * name.Length);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Short(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude switch
        {
            >= 1e9 => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "G",
            >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            _ => value.ToString("0.##", CultureInfo.InvariantCulture),
        };
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
