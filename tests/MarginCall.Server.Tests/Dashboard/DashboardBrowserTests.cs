using System.Globalization;
using System.Numerics;
using System.Text.Json;
using MarginCall.Reports.Tests;
using Microsoft.Playwright;

namespace MarginCall.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Debian chromium (Playwright, no browser download) against the real server on the file
/// journal, during a scripted crash (<see cref="CrashScript"/>) driven through the API: the feed shows each liquidation as
/// it arrives, the at-risk table is the API's health order, a liquidation's explanation shows every figure of the event
/// exactly, and the insurance-fund panel and the keeper leaderboard match the API and the events.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const int Wait = 30_000;

    [ChromiumFact]
    public async Task The_dashboard_follows_a_crash_live_and_explains_each_liquidation_with_the_figures_of_its_event()
    {
        await using var world = await ServerWorld.StartAsync();
        using var playwright = await Chromium.PlaywrightAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1500 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text + " " + message.Location); };
        page.PageError += (_, error) => errors.Add(error);

        // The key in the fragment: the page moves it to session storage and out of the address bar.
        await page.GotoAsync(new Uri(world.Address, "/dashboard/#key=" + world.Secret(ApiRole.Reader)).AbsoluteUri);
        await page.WaitForSelectorAsync("#status.live", new() { Timeout = Wait });
        Assert.Equal(new Uri(world.Address, "/dashboard/").AbsoluteUri, page.Url);

        var crash = new CrashScript(world);
        var shownUpTo = 0L;
        await crash.SetUpAsync();
        long? firstStep = null;
        for (var step = 1; step <= CrashScript.Steps; step++)
        {
            var batches = await crash.StepAsync();
            shownUpTo = Math.Max(shownUpTo, batches.Where(b => b.GetProperty("events").EnumerateArray().Any(Followed)).Select(b => b.GetProperty("sequence").GetInt64()).DefaultIfEmpty(0).Max());
            var liquidation = batches.FirstOrDefault(b => b.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "LiquidationStep"));
            if (firstStep is null && liquidation.ValueKind == JsonValueKind.Object)
            {
                // Live: the step is in the feed before the crash goes on.
                firstStep = liquidation.GetProperty("sequence").GetInt64();
                await page.WaitForSelectorAsync($"#feed li[data-kind='LiquidationStep'][data-sequence='{firstStep}']", new() { Timeout = Wait });
            }

            if (step == 15) await ScreenshotAsync(page, shownUpTo, "dashboard.png");
        }

        Assert.NotNull(firstStep);
        var events = await EventsAsync(world);
        var steps = events.Where(e => e.Event.GetProperty("type").GetString() == "LiquidationStep").ToList();
        await page.WaitForFunctionAsync($"() => Number(document.body.dataset.sequence) >= {events.Where(e => Followed(e.Event)).Max(e => e.Sequence)}", null, new() { Timeout = Wait });

        // The feed: every liquidation step, newest first.
        var feed = await page.EvalOnSelectorAllAsync<long[]>("#feed li[data-kind='LiquidationStep']", "items => items.map(i => Number(i.dataset.sequence))");
        Assert.Equal(steps.Select(s => s.Sequence).Reverse(), feed);
        Assert.True(steps.Count >= CrashScript.Traders, $"every trader liquidated at least once: {steps.Count} steps");

        // The at-risk table: the API's order, least healthy first.
        var expectedRisk = await EventuallyAsync(async () =>
        {
            var api = (await GetAsync(world, "/v1/accounts/at-risk?take=12")).GetProperty("accounts").EnumerateArray()
                .Select(a => (a.GetProperty("account").GetInt64(), a.GetProperty("health").ValueKind == JsonValueKind.Null ? "null" : a.GetProperty("health").GetRawText())).ToList();
            var shown = (await page.EvalOnSelectorAllAsync<string[][]>("#at-risk tbody tr", "rows => rows.map(r => [r.dataset.account, r.dataset.health])"))
                .Select(r => (long.Parse(r[0], CultureInfo.InvariantCulture), r[1])).ToList();
            return (api.SequenceEqual(shown), api, shown);
        });
        var healths = expectedRisk.Where(r => r.Item2 != "null").Select(r => long.Parse(r.Item2, CultureInfo.InvariantCulture)).ToList();
        Assert.True(healths.Count >= 2, "accounts with a health are listed");
        Assert.Equal(healths.Order(), healths);

        // A liquidation's explanation: every figure of the event, exactly (data-raw), and in human units.
        var chosen = steps.First(s => s.Event.GetProperty("fills").GetArrayLength() > 0);
        await page.ClickAsync($"#feed li[data-kind='LiquidationStep'][data-sequence='{chosen.Sequence}'] button");
        await page.WaitForSelectorAsync($"#explain[open] #explain-body[data-sequence='{chosen.Sequence}']", new() { Timeout = Wait });
        var shownFields = (await page.EvalOnSelectorAllAsync<string[][]>("#explain-body [data-field]", "cells => cells.map(c => [c.dataset.field, c.dataset.raw, c.textContent])"))
            .ToDictionary(c => c[0], c => (Raw: c[1], Text: c[2]));
        var eventFields = Flatten(chosen.Event);
        foreach (var (field, raw) in eventFields.Where(f => f.Key is not ("type" or "sequence" or "account" or "market")))
        {
            Assert.True(shownFields.TryGetValue(field, out var shown), $"the explanation shows {field}");
            Assert.Equal(raw, shown.Raw);
        }

        Assert.Equal(Human(chosen.Event.GetProperty("mark").GetInt64(), 2, 2), shownFields["mark"].Text);
        Assert.Equal(Human(chosen.Event.GetProperty("fills")[0].GetProperty("price").GetInt64(), 2, 2), shownFields["fills.0.price"].Text);
        Assert.Equal(Human(chosen.Event.GetProperty("fee").GetProperty("fee").GetInt64(), 6, 2) + " USDC", shownFields["fee.fee"].Text);
        Assert.Equal(chosen.Event.GetProperty("sizing").GetProperty("rule").GetString(), shownFields["sizing.rule"].Raw);
        Assert.Equal("book", await page.GetAttributeAsync("#explain-body .waterfall", "data-stage"));
        await ScreenshotAsync(page, shownUpTo, "dashboard-explanation.png");
        await page.Keyboard.PressAsync("Escape");

        // The insurance funds: the API's balances and holdings.
        await EventuallyAsync(async () =>
        {
            var api = (await GetAsync(world, "/v1/insurance-funds")).GetProperty("funds").EnumerateArray()
                .Select(f => $"{f.GetProperty("fund")}:{f.GetProperty("balance")}:" + string.Join(",", f.GetProperty("holdings").EnumerateArray().Select(h => $"{h.GetProperty("market")}/{h.GetProperty("size")}/{h.GetProperty("cost")}"))).ToList();
            var shown = await page.EvalOnSelectorAllAsync<string[]>("#funds tbody tr", "rows => rows.map(r => r.dataset.fund + ':' + r.querySelector('[data-field=balance]').dataset.raw + ':' + [...r.querySelectorAll('[data-market]')].map(h => h.dataset.market + '/' + h.dataset.size + '/' + h.dataset.cost).join(','))");
            return (api.SequenceEqual(shown), api, shown.ToList());
        });

        // The keeper leaderboard: the keeper's steps and what the events say it was paid.
        var keeperSteps = steps.Where(s => s.Event.GetProperty("keeper").GetString() == ServerWorld.KeeperName).ToList();
        var rewards = keeperSteps.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Event.GetProperty("fee").GetProperty("keeperShare").GetInt64())
            + events.Where(e => e.Event.GetProperty("type").GetString() == "AuctionLotOpened" && e.Event.GetProperty("keeper").GetString() == ServerWorld.KeeperName)
                .Aggregate(BigInteger.Zero, (sum, e) => sum + e.Event.GetProperty("incentive").GetInt64());
        var row = $"#keepers tr[data-keeper='{ServerWorld.KeeperName}']";
        Assert.Equal(keeperSteps.Count.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync(row + " [data-field=steps]", "data-raw"));
        Assert.Equal(rewards.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync(row + " [data-field=rewards]", "data-raw"));

        // Margin-call notices: the latest notices and state changes, newest first (the page keeps the last 200); the chart has a marker per step.
        var notices = events.Where(e => e.Event.GetProperty("type").GetString() is "MarginCallNotice" or "LiquidationStateChanged")
            .Select(e => $"{e.Sequence}:{e.Event.GetProperty("type").GetString()}:{e.Event.GetProperty("account")}").Reverse().Take(200).ToList();
        var listed = await page.EvalOnSelectorAllAsync<string[]>("#notices li", "items => items.map(i => i.dataset.sequence + ':' + i.dataset.kind + ':' + i.dataset.account)");
        Assert.Contains(notices, n => n.Contains(":MarginCallNotice:", StringComparison.Ordinal));
        Assert.Equal(notices, listed);
        Assert.Equal(steps.Count.ToString(CultureInfo.InvariantCulture), await page.EvalOnSelectorAsync<string>("#chart", "c => String(c.querySelectorAll('circle.m-step').length)"));

        Assert.True(errors.Count == 0, "script or console errors: " + string.Join(" | ", errors));
    }

    /// <summary>
    /// Kinds the dashboard subscribes to that every step of the crash has (a mark change) or that it asserts on: the page's
    /// <c>data-sequence</c> reaches a batch's sequence once it has read it (the stream sends only the kinds it asked for).
    /// </summary>
    private static bool Followed(JsonElement e) => e.GetProperty("type").GetString() is "MarkPriceChanged" or "LiquidationStep";

    /// <summary>An integer scaled by 10^decimals in the dashboard's form: grouped thousands, trailing zeros trimmed down to minFraction digits.</summary>
    private static string Human(long value, int decimals, int minFraction)
    {
        var text = (value / (decimal)Math.Pow(10, decimals)).ToString("#,##0." + new string('0', minFraction) + new string('#', decimals - minFraction), CultureInfo.InvariantCulture);
        return text.Replace('-', '−');
    }

    /// <summary>Every leaf of an event as path → raw text (numbers as written, strings as they are, null as "null").</summary>
    private static Dictionary<string, string> Flatten(JsonElement element)
    {
        var leaves = new Dictionary<string, string>();
        void Walk(JsonElement e, string path)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) Walk(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name);
                    break;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in e.EnumerateArray()) Walk(item, $"{path}.{i++}");
                    break;
                case JsonValueKind.String:
                    leaves[path] = e.GetString()!;
                    break;
                case JsonValueKind.Null:
                    leaves[path] = "null";
                    break;
                default:
                    leaves[path] = e.GetRawText();
                    break;
            }
        }

        Walk(element, "");
        return leaves;
    }

    /// <summary>Every event the service holds, from GET /v1/events, page by page.</summary>
    private static async Task<List<(long Sequence, JsonElement Event)>> EventsAsync(ServerWorld world)
    {
        var events = new List<(long, JsonElement)>();
        long after = 0;
        while (true)
        {
            var batches = (await GetAsync(world, $"/v1/events?after={after}&limit=1000")).GetProperty("batches").EnumerateArray().ToList();
            if (batches.Count == 0) return events;
            foreach (var b in batches)
            {
                after = b.GetProperty("sequence").GetInt64();
                events.AddRange(b.GetProperty("events").EnumerateArray().Select(e => (after, e)));
            }
        }
    }

    private static async Task<JsonElement> GetAsync(ServerWorld world, string path)
    {
        using var response = await world.Http.SendAsync(world.Request(HttpMethod.Get, path, ApiRole.Reader));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Polls until the page shows what the API says (the page refreshes its reads from the stream, a few times a second).</summary>
    private static async Task<List<T>> EventuallyAsync<T>(Func<Task<(bool Same, List<T> Api, List<T> Shown)>> compare)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(Wait);
        while (true)
        {
            var (same, api, shown) = await compare();
            if (same) return api;
            Assert.True(DateTime.UtcNow < deadline, $"the page shows [{string.Join("; ", shown)}], the API [{string.Join("; ", api)}]");
            await Task.Delay(200);
        }
    }

    /// <summary>With MARGINCALL_SCREENSHOTS set (as for the report tests), the page as it is now, once the feed has caught up.</summary>
    private static async Task ScreenshotAsync(IPage page, long sequence, string name)
    {
        if (Environment.GetEnvironmentVariable("MARGINCALL_SCREENSHOTS") is not { Length: > 0 } folder) return;
        await page.WaitForFunctionAsync($"() => Number(document.body.dataset.sequence) >= {sequence}", null, new() { Timeout = Wait });
        await page.WaitForTimeoutAsync(1_500); // the at-risk and fund reads refresh a few times a second
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
    }
}
