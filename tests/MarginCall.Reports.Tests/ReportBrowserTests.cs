using System.Text.Json;
using MarginCall.Simulation.Reporting;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Sweeps;
using Microsoft.Playwright;

namespace MarginCall.Reports.Tests;

/// <summary>
/// Opens the reports in headless Debian chromium (through Playwright, no browser download) at 1,280 px and checks what
/// a reader sees: every chart drawn with titled axes, nothing wider than the window, no table word wrapped mid-word,
/// no script errors.
/// </summary>
public class ReportBrowserTests
{
    private const int Width = 1280;

    // Per chart: axis titles from the ECharts option, whether each title is drawn in the SVG, whether it has drawn marks.
    private const string ChartsScript = """
        () => [...document.querySelectorAll('.plot')].map(el => {
          const chart = echarts.getInstanceByDom(el);
          const option = chart ? chart.getOption() : null;
          const names = option ? [...option.xAxis, ...option.yAxis].map(a => a.name || '') : [];
          const text = [...el.querySelectorAll('svg text')].map(t => t.textContent).join('\n');
          return {
            id: el.id,
            rendered: !!el.querySelector('svg'),
            marks: el.querySelectorAll('svg path').length,
            names,
            drawn: names.map(n => n !== '' && text.includes(n)),
            xType: option ? option.xAxis[0].type : null,
            xLabels: [...el.querySelectorAll('svg text')].map(t => t.textContent).slice(0, 40)
          };
        })
        """;

    private const string OverflowScript = """
        () => {
          const limit = document.documentElement.clientWidth + 0.5;
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > limit || r.left < -0.5); })
            .map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className : '') + ' right=' + Math.round(e.getBoundingClientRect().right));
          return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, wide: wide.slice(0, 10) };
        }
        """;

    // Words of table cells drawn on more than one line (a unit column once read "account" / "s"): each run of a cell's
    // text between spaces or hyphens (a line may end after "impact-"), measured as a DOM Range, must sit on one line box.
    private const string BrokenWordsScript = """
        () => {
          const broken = [];
          for (const cell of document.querySelectorAll('td, th')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const m of node.textContent.matchAll(/[^\s-]+/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(m[0]);
              }
            }
          }
          return broken.slice(0, 10);
        }
        """;

    [ChromiumFact]
    public async Task The_simulation_report_draws_every_chart_with_titled_axes_inside_1280_px()
    {
        var scenario = TestScenarios.Small("flash-crash.json", """{ "population": { "count": 200 }, "durationSeconds": 400 }""");
        var html = HtmlReport.Render(new SimulationRun(scenario).Run());

        var page = await Open(html, "simulate");

        Assert.True(page.Charts.Length >= 8, $"price, stages, fund, losses, keepers, slippage, states, open interest: got {page.Charts.Length} charts");
        AssertChartsReadable(page);
        Assert.All(page.Charts, c => Assert.Equal("value", c.XType));
        Assert.Contains(page.Charts, c => c.Names.Contains("minutes since start"));
    }

    [ChromiumFact]
    public async Task A_dated_replay_report_has_a_utc_time_axis()
    {
        var scenario = TestScenarios.Small("btc-2020-03-12.json", """{ "population": { "count": 150 }, "stepSeconds": 120, "durationSeconds": 86400 }""");
        var result = new SimulationRun(scenario).Run();
        Assert.Equal("2020-03-12T00:00:00Z", result.Summary.StartTimeUtc);

        var page = await Open(HtmlReport.Render(result), "replay");

        AssertChartsReadable(page);
        Assert.All(page.Charts, c => Assert.Equal("time", c.XType));
        Assert.All(page.Charts, c => Assert.Contains("time (UTC)", c.Names));
        // Round, clock-time ticks such as 06:00 or 12:00 (a UTC axis; the report says so in the axis title).
        Assert.All(page.Charts, c => Assert.Contains(c.XLabels, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^(\\d{2}:00|Mar 12|03-12|13)$")));
    }

    [ChromiumFact]
    public async Task The_sweep_report_draws_every_chart_with_titled_axes_inside_1280_px()
    {
        var sweep = TestScenarios.Sweep("gbm-stress.json", 3, """{ "population": { "count": 150 }, "durationSeconds": 1800 }""", """{ "liquidity": { "notionalPerLevel": 20000 } }""");

        var page = await Open(SweepReport.Html(sweep), "sweep");

        Assert.True(page.Charts.Length >= 5, $"differences, three quantile curves, cascade depth: got {page.Charts.Length} charts");
        AssertChartsReadable(page);
    }

    private static void AssertChartsReadable(PageFindings page)
    {
        Assert.Empty(page.ConsoleErrors);
        Assert.True(page.ScrollWidth <= Width, $"page scrolls sideways: {page.ScrollWidth} px");
        Assert.True(page.Wide.Length == 0, "elements past the right edge: " + string.Join("; ", page.Wide));
        Assert.True(page.BrokenWords.Length == 0, "table words wrapped mid-word: " + string.Join("; ", page.BrokenWords));
        foreach (var chart in page.Charts)
        {
            Assert.True(chart.Rendered && chart.Marks > 5, $"{chart.Id}: not drawn ({chart.Marks} paths)");
            Assert.True(chart.Names.Length >= 2 && chart.Drawn.All(d => d), $"{chart.Id}: every axis needs a title drawn on the chart: [{string.Join(", ", chart.Names)}]");
        }
    }

    private static async Task<PageFindings> Open(string html, string name)
    {
        var file = TestScenarios.Temporary(html, ".html");
        using var playwright = await Chromium.PlaywrightAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = Width, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.plot svg').length === document.querySelectorAll('.plot').length");
        if (Environment.GetEnvironmentVariable("MARGINCALL_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"report-{name}.png"), FullPage = true });
        }

        var charts = (await page.EvaluateAsync<JsonElement>(ChartsScript)).Deserialize<ChartFindings[]>(Json)!;
        var overflow = await page.EvaluateAsync<JsonElement>(OverflowScript);
        var broken = await page.EvaluateAsync<string[]>(BrokenWordsScript);
        return new PageFindings(
            charts,
            overflow.GetProperty("scrollWidth").GetInt32(),
            [.. overflow.GetProperty("wide").EnumerateArray().Select(e => e.GetString()!)],
            [.. errors],
            broken ?? []);
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private sealed record PageFindings(ChartFindings[] Charts, int ScrollWidth, string[] Wide, string[] ConsoleErrors, string[] BrokenWords);

    private sealed record ChartFindings(string Id, bool Rendered, int Marks, string[] Names, bool[] Drawn, string? XType, string[] XLabels);
}
