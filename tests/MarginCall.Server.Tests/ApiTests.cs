using System.Net;
using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Tests.Support;
using MarginCall.Engine.Wire;

namespace MarginCall.Server.Tests;

public sealed class ApiTests
{
    private static readonly string CreateAccountJson = WireJson.Serialize(new CreateAccount(new AccountId(42), "alice"));

    public static TheoryData<string, string, string?, ApiRole> Endpoints => new()
    {
        { "GET", "/v1/venue", null, ApiRole.Reader },
        { "GET", "/v1/accounts/at-risk", null, ApiRole.Reader },
        { "GET", "/v1/accounts/1", null, ApiRole.Reader },
        { "GET", "/v1/auctions", null, ApiRole.Reader },
        { "GET", "/v1/insurance-funds", null, ApiRole.Reader },
        { "GET", "/v1/events", null, ApiRole.Reader },
        { "GET", "/v1/state-hash", null, ApiRole.Reader },
        { "GET", "/v1/stream", null, ApiRole.Reader },
        { "GET", "/metrics", null, ApiRole.Reader },
        { "POST", "/v1/commands", CreateAccountJson, ApiRole.Feeder },
        { "POST", "/v1/commands", WireJson.Serialize(new SetExecutionCost(new Quantums(5))), ApiRole.Admin },
        { "POST", "/v1/commands", WireJson.Serialize(new SetMarketStatus(EngineWorld.Btc, Engine.Markets.MarketStatus.Paused)), ApiRole.Admin },
        { "POST", "/v1/commands", WireJson.Serialize(new KeeperLiquidate(ServerWorld.KeeperName, new AccountId(1))), ApiRole.Keeper },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_anonymous_and_wrong_key_callers_with_401_and_the_wrong_role_with_403(string method, string path, string? body, ApiRole needed)
    {
        await using var world = await ServerWorld.StartAsync();

        using (var anonymous = await world.Http.SendAsync(world.Request(new HttpMethod(method), path, null, body)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var wrong = world.Request(new HttpMethod(method), path, null, body);
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-key");
        using (var response = await world.Http.SendAsync(wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        foreach (var role in Enum.GetValues<ApiRole>())
        {
            using var response = await world.Http.SendAsync(world.Request(new HttpMethod(method), path, role, body));
            var allowed = role == ApiRole.Admin || role == needed || needed == ApiRole.Reader;
            if (allowed) Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{role} refused: {response.StatusCode}");
            else Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Health_is_open_and_readiness_reports_the_durable_sequence()
    {
        await using var world = await ServerWorld.StartAsync();
        using var health = await world.Http.GetAsync("/health");
        using var ready = await world.Http.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(0, JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Ingested_commands_are_answered_once_durable_and_the_account_reads_back_with_its_figures()
    {
        await using var world = await ServerWorld.StartAsync();
        var alice = new AccountId(42);

        using var posted = await world.PostAsync(ApiRole.Feeder, new CreateAccount(alice, "alice"), new Deposit(alice, EngineWorld.Usdc, new Quantums(EngineWorld.Usd(1_000m))));
        var results = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("results");
        using var account = await world.Http.SendAsync(world.Request(HttpMethod.Get, "/v1/accounts/42", ApiRole.Reader));
        var figures = JsonDocument.Parse(await account.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal([1L, 2L], results.EnumerateArray().Select(r => r.GetProperty("sequence").GetInt64()));
        Assert.Equal("BalanceChanged", results[1].GetProperty("events")[0].GetProperty("type").GetString());
        Assert.Equal(2, world.Host.DurableSequence);
        Assert.Equal(EngineWorld.Usd(1_000m), figures.GetProperty("balances")[0].GetProperty("amount").GetInt64());
        Assert.Equal(EngineWorld.Usd(1_000m), figures.GetProperty("cross").GetProperty("equity").GetInt64());
        Assert.Equal("Healthy", figures.GetProperty("liquidationState").GetString());
    }

    [Fact]
    public async Task A_single_command_the_engine_refuses_is_a_422_naming_the_reason_and_still_has_its_sequence()
    {
        await using var world = await ServerWorld.StartAsync();
        var body = WireJson.Serialize(new Withdraw(new AccountId(7), EngineWorld.Usdc, new Quantums(1)));

        using var response = await world.Http.SendAsync(world.Request(HttpMethod.Post, "/v1/commands", ApiRole.Feeder, body));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, problem.GetProperty("sequence").GetInt64());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task An_admin_pauses_a_market_the_venue_shows_it_and_orders_on_it_are_refused_until_it_is_reactivated()
    {
        await using var world = await ServerWorld.StartAsync();
        var order = WireJson.Serialize(new PlaceOrder(new Engine.OrderBook.OrderId(1), new AccountId(1), EngineWorld.Btc, Engine.OrderBook.Side.Buy, new Price(100), 1));
        async Task<string> StatusAsync()
        {
            using var venue = await world.Http.SendAsync(world.Request(HttpMethod.Get, "/v1/venue", ApiRole.Reader));
            var markets = JsonDocument.Parse(await venue.Content.ReadAsStringAsync()).RootElement.GetProperty("markets");
            return markets.EnumerateArray().Single(m => m.GetProperty("id").GetInt32() == EngineWorld.Btc.Value).GetProperty("status").GetString()!;
        }

        Assert.Equal("Active", await StatusAsync());
        using (var paused = await world.Http.SendAsync(world.Request(HttpMethod.Post, "/v1/commands", ApiRole.Admin,
                   WireJson.Serialize(new SetMarketStatus(EngineWorld.Btc, Engine.Markets.MarketStatus.Paused)))))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        Assert.Equal("Paused", await StatusAsync());
        using (var refused = await world.Http.SendAsync(world.Request(HttpMethod.Post, "/v1/commands", ApiRole.Feeder, order)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("MarketPaused", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("reason").GetString());
        }

        using (var active = await world.Http.SendAsync(world.Request(HttpMethod.Post, "/v1/commands", ApiRole.Admin,
                   WireJson.Serialize(new SetMarketStatus(EngineWorld.Btc, Engine.Markets.MarketStatus.Active)))))
        {
            Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        }

        Assert.Equal("Active", await StatusAsync());
    }

    [Fact]
    public async Task Metrics_count_durable_commands_events_and_accounts_by_state()
    {
        await using var world = await ServerWorld.StartAsync();
        var commands = Enumerable.Range(1, 30).SelectMany(i => new Command[]
        {
            new CreateAccount(new AccountId(i), "t" + i),
            new Deposit(new AccountId(i), EngineWorld.Usdc, new Quantums(EngineWorld.Usd(100m))),
        }).ToArray();
        using var posted = await world.PostAsync(ApiRole.Feeder, commands);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        string text = "";
        for (var attempt = 0; attempt < 100 && !text.Contains("margincall_events_total{kind=\"BalanceChanged\"} 30", StringComparison.Ordinal); attempt++)
        {
            if (attempt > 0) await Task.Delay(100);
            using var response = await world.Http.SendAsync(world.Request(HttpMethod.Get, "/metrics", ApiRole.Reader));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("margincall_events_total{kind=\"BalanceChanged\"} 30", text, StringComparison.Ordinal);
        Assert.Contains("margincall_commands_total 60", text, StringComparison.Ordinal);
        Assert.Contains("margincall_accounts{state=\"Healthy\"} 30", text, StringComparison.Ordinal);
        Assert.Contains("margincall_journal_lag_commands 0", text, StringComparison.Ordinal);
        Assert.Contains("margincall_command_ack_seconds_count 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keeper_key_cannot_liquidate_under_another_keeper_s_name()
    {
        await using var world = await ServerWorld.StartAsync();
        var body = WireJson.Serialize(new KeeperLiquidate("someone-else", new AccountId(1)));

        using var response = await world.Http.SendAsync(world.Request(HttpMethod.Post, "/v1/commands", ApiRole.Keeper, body));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("keeper", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        Assert.Equal(0, world.Host.DurableSequence);
    }

    public static TheoryData<string, string, HttpStatusCode> BadBodies => new()
    {
        { "{", "body", HttpStatusCode.BadRequest },
        { "[]", "body", HttpStatusCode.BadRequest },
        { """{"type":"Deposit","account":3,"asset":0,"amount":500,"extra":1}""", "Command.extra", HttpStatusCode.BadRequest },
        { """{"type":"Deposit","account":3,"asset":0,"amount":"500"}""", "Deposit.amount", HttpStatusCode.BadRequest },
        { """{"type":"Deposit","account":3,"asset":0,"amount":1e400}""", "Deposit.amount", HttpStatusCode.BadRequest },
        { """{"type":"Deposit","account":3,"account":4,"asset":0,"amount":5}""", "body", HttpStatusCode.BadRequest },
        { """[{"type":"CreateAccount","account":9,"owner":"x"},{"type":"Nope"}]""", "[1].Command.type", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_changes_nothing(string body, string field, HttpStatusCode status)
    {
        await using var world = await ServerWorld.StartAsync();
        var before = await world.StateHashAsync();

        using var response = await world.Http.SendAsync(world.Request(HttpMethod.Post, "/v1/commands", ApiRole.Admin, body));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(0, world.Host.DurableSequence);
        Assert.Equal(before, await world.StateHashAsync());
    }

    [Fact]
    public async Task Ten_thousand_fuzzed_requests_are_all_refused_with_4xx_and_leave_the_state_and_the_service_unchanged()
    {
        await using var world = await ServerWorld.StartAsync();
        var (commands, _, _, _) = AdaptiveStream.Run(3);
        var seeds = commands.Take(200).Select(WireJson.Serialize).ToArray();
        var before = await world.StateHashAsync();
        var random = new Random(20261202);
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;

        while (sent < 10_000)
        {
            var body = Mutate(seeds[random.Next(seeds.Length)], random);
            if (IsValidCommand(body)) continue;
            var role = (ApiRole)random.Next(1, 5);
            using var response = await world.Http.SendAsync(world.Request(HttpMethod.Post, "/v1/commands", role, body));
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is >= 400 and < 500, $"'{body}' as {role} gave {status}");
            sent++;
        }

        Assert.Equal(0, world.Host.DurableSequence);
        Assert.Equal(before, await world.StateHashAsync());
        using var health = await world.Http.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(statuses.Count >= 2, "the mutations exercised one kind of refusal only: " + string.Join(", ", statuses));
    }

    private static bool IsValidCommand(string body)
    {
        try
        {
            WireJson.DeserializeCommand(body);
            return true;
        }
        catch (WireFormatException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>One structural mutation of a valid command: a cut, a dropped or repeated span, a changed character, a huge or non-finite number, a wrong type.</summary>
    private static string Mutate(string json, Random random)
    {
        var at = random.Next(json.Length);
        return random.Next(8) switch
        {
            0 => json[..at],
            1 => json.Remove(at, Math.Min(random.Next(1, 8), json.Length - at)),
            2 => json.Insert(at, json.Substring(at, Math.Min(random.Next(1, 12), json.Length - at))),
            3 => json.Remove(at, 1).Insert(at, ((char)random.Next(32, 127)).ToString()),
            4 => System.Text.RegularExpressions.Regex.Replace(json, "-?[0-9]+", random.Next(3) switch { 0 => "99999999999999999999999", 1 => "1e400", _ => "\"NaN\"" }, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)),
            5 => json.Replace(":", ":null,\"x\":", StringComparison.Ordinal),
            6 => "[" + json + "," + json[..at] + "]",
            _ => json.Insert(at, "\u0000\u001b[2J"),
        };
    }
}
