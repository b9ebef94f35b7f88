using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarginCall.Engine;
using MarginCall.Engine.Events;
using MarginCall.Engine.Wire;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Tests;

/// <summary>
/// <c>margincall serve --scenario</c> as a real child process: the scenario's command log posted over loopback HTTP
/// reproduces the simulator's run in the service — the same sequence, state hash and events — and the API shows its
/// liquidations. Bad <c>--speed</c>, <c>--scenario</c> and <c>--data</c> are refused (exit 2, naming the option).
/// </summary>
public sealed class ServeReplayTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "margincall-replay-" + Guid.NewGuid().ToString("N"));

    public ServeReplayTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>
    /// The bundled flash crash cut to its first 160 seconds (it ends mid-fall, with the least healthy account still in
    /// the liquidation pipeline) with 300 accounts and two simulated keepers that execute the liquidations (<c>autoLiquidate: false</c>), so the
    /// keepers' commands go through the API too.
    /// </summary>
    private string Scenario()
    {
        var text = File.ReadAllText(Path.Combine(ServeProcess.Repository(), "scenarios", "flash-crash.json"));
        var json = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        json["name"] = "replay-test";
        json["durationSeconds"] = 160;
        json["population"]!["count"] = 300;
        json["keeper"] = new JsonObject { ["count"] = 2 };
        json["engine"]!["parameters"]!["autoLiquidate"] = false;
        var path = Path.Combine(root, "replay-test.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public async Task A_replayed_scenario_gives_the_service_the_simulators_sequence_state_hash_and_events()
    {
        var scenario = Scenario();
        var loaded = ScenarioLoader.Load(scenario);
        var commands = new List<SubmittedCommand>();
        var run = new SimulationRun(loaded, new RunOptions { CommandSubmitted = commands.Add });
        run.Run();
        var expected = Replayed(loaded, commands);

        var data = Path.Combine(root, "data");
        using var serve = await ServeProcess.StartAsync("--scenario", scenario, "--speed", "100000", "--data", data);
        var finished = await serve.WaitForLineAsync("replay finished: ", TimeSpan.FromMinutes(5));
        using var http = Reader(data);
        var hash = JsonDocument.Parse(await http.GetStringAsync(new Uri(serve.Address, "/v1/state-hash"))).RootElement;
        var events = await EventsAsync(http, serve.Address);
        var atRisk = JsonDocument.Parse(await http.GetStringAsync(new Uri(serve.Address, "/v1/accounts/at-risk?take=5"))).RootElement;

        Assert.Equal(run.Engine.View.Sequence, hash.GetProperty("sequence").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(run.Engine.StateHash()), hash.GetProperty("sha256").GetString());
        Assert.Equal(expected.Select(WireJson.Serialize), events);
        var steps = expected.OfType<LiquidationStep>().ToList();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.NotNull(s.Keeper)); // executed by the simulated keepers, through the API
        Assert.Contains($" {steps.Count:N0} liquidation steps, 0 refused by the engine, 0 answered otherwise than in the simulator", finished, StringComparison.Ordinal);
        Assert.Contains("replay: first liquidation at scenario time ", serve.Log, StringComparison.Ordinal);
        var first = atRisk.GetProperty("accounts")[0];
        Assert.NotEqual("Healthy", first.GetProperty("liquidationState").GetString());
        Assert.Contains(steps, s => s.Account.Value == first.GetProperty("account").GetInt64());
    }

    /// <summary>The events of the simulator's commands, by a fresh engine from the scenario's genesis (the engine is deterministic).</summary>
    private static List<EngineEvent> Replayed(LoadedScenario loaded, List<SubmittedCommand> commands)
    {
        var engine = new MarginEngine(VenueFactory.Create(loaded.Scenario), loaded.Scenario.EngineSettings.ToOptions());
        var events = new List<EngineEvent>();
        foreach (var c in commands) engine.Submit(c.Command, events);
        return events;
    }

    private static HttpClient Reader(string data)
    {
        var secrets = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "secrets.json"))).RootElement;
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secrets.GetProperty("reader").GetString());
        return http;
    }

    /// <summary>Every event the service holds, in order, each exactly as the API wrote it.</summary>
    private static async Task<List<string>> EventsAsync(HttpClient http, Uri server)
    {
        var events = new List<string>();
        var after = 0L;
        while (true)
        {
            var page = JsonDocument.Parse(await http.GetStringAsync(new Uri(server, $"/v1/events?after={after}&limit=1000"))).RootElement.GetProperty("batches");
            if (page.GetArrayLength() == 0) return events;
            foreach (var batch in page.EnumerateArray())
            {
                events.AddRange(batch.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()));
                after = batch.GetProperty("sequence").GetInt64();
            }
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-60")]
    [InlineData("fast")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    public void A_speed_that_is_not_a_positive_number_is_refused_naming_the_option(string speed)
    {
        var run = CliRun.Of("serve", "--scenario", Scenario(), "--speed", speed, "--data", Path.Combine(root, "data"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --speed: ", run.Err, StringComparison.Ordinal);
        CliRun.AssertOneLine(run.Err);
        Assert.False(Directory.Exists(Path.Combine(root, "data")), "nothing was started");
    }

    [Fact]
    public void A_missing_scenario_is_refused_naming_the_option()
    {
        foreach (var args in new[] { new[] { "serve", "--scenario" }, ["serve", "--speed", "60"], ["serve", "--scenario", Path.Combine(root, "absent.json")] })
        {
            var run = CliRun.Of([.. args, "--data", Path.Combine(root, "data")]);

            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("error: --scenario: ", run.Err, StringComparison.Ordinal);
            CliRun.AssertOneLine(run.Err);
        }
    }

    [Fact]
    public void A_malformed_scenario_is_refused_naming_the_option_and_the_field()
    {
        var path = Path.Combine(root, "bad.json");
        File.WriteAllText(path, """{ "name": "bad", "durationSeconds": -5, "markets": [ { "symbol": "BTC-USD", "initialPrice": 50000, "tiers": [ { "initialRate": 0.05, "maintenanceRate": 0.03 } ] } ], "population": { "count": 4 }, "priceProcess": { "kind": "gbm", "volatility": 0.8 } }""");

        var run = CliRun.Of("serve", "--scenario", path, "--data", Path.Combine(root, "data"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --scenario: ", run.Err, StringComparison.Ordinal);
        Assert.Contains("durationSeconds", run.Err, StringComparison.Ordinal);
        CliRun.AssertOneLine(run.Err);
    }

    [Fact]
    public async Task A_data_directory_holding_a_log_of_another_venue_is_refused_for_a_replay()
    {
        var data = Path.Combine(root, "data");
        using (var other = await ServeProcess.StartAsync("--data", data, "--venue", Path.Combine(ServeProcess.Repository(), "scenarios", "btc-2020-03-12-binance.json")))
        {
            other.Kill();
        }

        var run = CliRun.Of("serve", "--scenario", Scenario(), "--data", data, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --data: ", run.Err, StringComparison.Ordinal);
        Assert.Contains("another venue or engine settings", run.Err, StringComparison.Ordinal);
    }
}
