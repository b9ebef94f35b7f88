using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarginCall.Simulation.Reporting;

/// <summary>
/// One self-contained HTML report page: headings, tables and Apache ECharts charts (the library and its licence
/// inlined, no external resource), laid out to fit a 1,280 px window. Charts render as SVG, share one zoom/tooltip
/// group per <see cref="Chart"/> group name, and format axis labels with the compact formatter of the page script.
/// </summary>
public sealed class ReportPage
{
    private static readonly JsonSerializerOptions ScriptJson = new() { Encoder = JavaScriptEncoder.Default };
    private readonly StringBuilder body = new();
    private readonly JsonArray charts = [];
    private readonly string title;

    /// <summary>Starts a page.</summary>
    public ReportPage(string title)
    {
        this.title = title;
        body.Append("<h1>").Append(Encode(title)).Append("</h1>");
    }

    /// <summary>A section heading.</summary>
    public ReportPage Heading(string text, int level = 2)
    {
        body.Append(CultureInfo.InvariantCulture, $"<h{level}>").Append(Encode(text)).Append(CultureInfo.InvariantCulture, $"</h{level}>");
        return this;
    }

    /// <summary>A paragraph of text.</summary>
    public ReportPage Paragraph(string text, string? cssClass = null)
    {
        body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Encode(text)).Append("</p>");
        return this;
    }

    /// <summary>A two-column table of labels and values.</summary>
    public ReportPage Facts(IEnumerable<(string Label, string Value)> rows)
    {
        body.Append("<table class=\"facts\">");
        foreach (var (label, value) in rows)
        {
            body.Append("<tr><th>").Append(Encode(label)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>");
        }

        body.Append("</table>");
        return this;
    }

    /// <summary>A table with a header row; columns after the first <paramref name="textColumns"/> align right.</summary>
    public ReportPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int textColumns = 1, string? caption = null)
    {
        body.Append("<table class=\"grid\">");
        if (caption is not null)
        {
            body.Append("<caption>").Append(Encode(caption)).Append("</caption>");
        }

        body.Append("<thead><tr>");
        foreach (var h in header)
        {
            body.Append("<th>").Append(Encode(h)).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            body.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                body.Append(i < textColumns ? "<td>" : "<td class=\"n\">").Append(Encode(row[i])).Append("</td>");
            }

            body.Append("</tr>");
        }

        body.Append("</tbody></table>");
        return this;
    }

    /// <summary>
    /// A chart: <paramref name="option"/> is an ECharts option object. Value axes whose <c>axisLabel.formatter</c> is
    /// the string <c>compact</c> get the page's compact number formatter (1.2M, 350k, 0.25).
    /// </summary>
    /// <param name="caption">Figure caption (what the chart shows, with its units).</param>
    /// <param name="option">The ECharts option.</param>
    /// <param name="heightPx">Plot height.</param>
    /// <param name="group">Charts of one group zoom and show tooltips together (null: alone).</param>
    public ReportPage Chart(string caption, JsonObject option, int heightPx = 320, string? group = null)
    {
        var id = "chart" + charts.Count.ToString(CultureInfo.InvariantCulture);
        body.Append("<figure class=\"chart\"><figcaption>").Append(Encode(caption)).Append("</figcaption><div class=\"plot\" id=\"")
            .Append(id).Append("\" style=\"height:").Append(heightPx.ToString(CultureInfo.InvariantCulture)).Append("px\"></div></figure>");
        charts.Add(new JsonObject { ["id"] = id, ["group"] = group, ["option"] = option });
        return this;
    }

    /// <summary>Raw, already encoded HTML (for a caller's own markup).</summary>
    internal ReportPage Html(string html)
    {
        body.Append(html);
        return this;
    }

    /// <summary>The whole page, ending with the library's licence.</summary>
    public string Render()
    {
        var html = new StringBuilder(EChartsAsset.Script.Length + body.Length + 20_000);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(Encode(title)).Append("</title><style>").Append(Css).Append("</style></head><body><main>");
        html.Append(body);
        html.Append("<h2>Appendix: charting library</h2><p>Charts are drawn by Apache ECharts ")
            .Append(Encode(EChartsAsset.Version))
            .Append(" (npm package echarts), inlined below under the Apache License 2.0.</p><details><summary>Apache ECharts licence and notices</summary><pre class=\"licence\">")
            .Append(Encode(EChartsAsset.Licence)).Append("</pre></details></main>");
        html.Append("<script>").Append(EChartsAsset.Script).Append("</script>");
        html.Append("<script>const reportCharts=").Append(charts.ToJsonString(ScriptJson)).Append(";").Append(InitScript).Append("</script>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>HTML-encodes text.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Css =
        "*{box-sizing:border-box}body{font-family:system-ui,sans-serif;color:#222;margin:0;background:#fafafa}" +
        "main{max-width:1200px;margin:0 auto;padding:12px 20px;background:#fff}h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.2em;margin:1.2em 0 .4em;border-bottom:1px solid #ddd}" +
        "h3{font-size:1.05em}p{max-width:100%;overflow-wrap:anywhere}.note{color:#555;font-size:.9em}" +
        "table{border-collapse:collapse;margin:.5em 0;max-width:100%;font-size:.88em}td,th{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top;overflow-wrap:break-word}" +
        "th{background:#f2f2f2;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}table.grid{width:100%}table.grid td:first-child{min-width:9em}caption{text-align:left;font-weight:600;padding:4px 0}" +
        "table.facts th{width:34%}td.better{background:#e6f4e6}td.worse{background:#fbe3e3}" +
        "figure.chart{margin:14px 0;width:100%}figcaption{font-weight:600;margin-bottom:4px}.plot{width:100%}" +
        "pre.licence{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.75em;max-height:30em;overflow-y:auto;background:#f6f6f6;padding:8px}";

    // Compact numbers for axes and tooltips; SVG renderer so text is in the DOM (selectable, testable, crisp).
    private const string InitScript =
        "function compact(v){if(typeof v!=='number'||!isFinite(v))return String(v);const a=Math.abs(v);" +
        "if(a>=1e9)return +(v/1e9).toPrecision(3)+'B';if(a>=1e6)return +(v/1e6).toPrecision(3)+'M';if(a>=1e4)return +(v/1e3).toPrecision(3)+'k';" +
        "if(a>=1)return +v.toPrecision(4)+'';if(a===0)return '0';return +v.toPrecision(3)+'';}" +
        "function full(v){return typeof v==='number'?v.toLocaleString('en-US',{maximumFractionDigits:Math.abs(v)>=100?0:4}):v;}" +
        "const groups=new Set();" +
        "for(const c of reportCharts){const o=c.option;for(const k of ['xAxis','yAxis']){const axes=[].concat(o[k]||[]);" +
        "for(const ax of axes){if(ax.axisLabel&&ax.axisLabel.formatter==='compact')ax.axisLabel.formatter=compact;if(ax.axisLabel&&ax.axisLabel.formatter==='percent')ax.axisLabel.formatter=v=>+(v*100).toPrecision(3)+'%';}}" +
        "if(o.tooltip&&o.tooltip.valueFormatter==='full')o.tooltip.valueFormatter=full;" +
        "const el=document.getElementById(c.id);const chart=echarts.init(el,null,{renderer:'svg'});chart.setOption(o);" +
        "if(c.group){chart.group=c.group;groups.add(c.group);}window.addEventListener('resize',()=>chart.resize());}" +
        "for(const g of groups)echarts.connect(g);";
}
