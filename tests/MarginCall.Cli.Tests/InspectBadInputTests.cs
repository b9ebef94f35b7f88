namespace MarginCall.Cli.Tests;

/// <summary>Refused input: exit code 2, one line naming file, line, column and field path on stderr, nothing on stdout.</summary>
public sealed class InspectBadInputTests
{
    private const string Valid = """
        {
          "quote": { "symbol": "USDC", "decimals": 6 },
          "assets": [ { "symbol": "ETH", "decimals": 8, "priceDecimals": 2, "maintenanceDepositWeight": "0.9", "initialDepositWeight": "0.8" } ],
          "markets": [ { "symbol": "BTC-USD", "sizeDecimals": 4, "priceDecimals": 1, "stepSize": "0.001", "tickSize": "0.5",
                         "tiers": [ { "notionalCap": "50000", "initialRate": "0.01", "maintenanceRate": "0.005" },
                                    { "initialRate": "0.02", "maintenanceRate": "0.01" } ], "continuousDeductions": true } ],
          "prices": { "markets": { "BTC-USD": "60000" }, "assets": { "ETH": "3000" } },
          "accounts": [
            { "id": 1, "owner": "a", "balances": { "USDC": "1000" } },
            { "id": 2, "owner": "b", "balances": { "USDC": "5000", "ETH": "1" },
              "positions": [ { "market": "BTC-USD", "size": "0.002", "entryPrice": "59000", "mode": "cross" } ] }
          ]
        }
        """;

    [Fact]
    public void The_valid_baseline_is_accepted() => Assert.Equal(0, CliRun.InspectText(Valid).ExitCode);

    [Theory]
    [InlineData("\"size\": \"0.002\"", "\"size\": \"0.0015\"", "accounts[1].positions[0].size: 0.0015 is not a multiple of the step 0.001")]
    [InlineData("\"size\": \"0.002\"", "\"size\": \"0.00015\"", "accounts[1].positions[0].size: 0.00015 is not a multiple of the step 0.001")]
    [InlineData("\"size\": \"0.002\"", "\"size\": \"0\"", "accounts[1].positions[0].size: must not be zero")]
    [InlineData("\"entryPrice\": \"59000\"", "\"entryPrice\": \"59000.2\"", "accounts[1].positions[0].entryPrice: 59000.2 is not a multiple of the tick 0.5")]
    [InlineData("\"BTC-USD\": \"60000\"", "\"BTC-USD\": \"60000.3\"", "prices.markets.BTC-USD: 60000.3 is not a multiple of the tick 0.5")]
    [InlineData("\"BTC-USD\": \"60000\"", "\"BTC-USD\": \"-1\"", "prices.markets.BTC-USD: must be positive")]
    [InlineData("\"BTC-USD\": \"60000\"", "\"BTC-USD\": \"0\"", "prices.markets.BTC-USD: must be positive")]
    [InlineData("\"BTC-USD\": \"60000\"", "\"BTC-USD\": 60000", "prices.markets.BTC-USD: must be a decimal string")]
    [InlineData("\"ETH\": \"3000\"", "\"ETH\": \"3,000\"", "prices.assets.ETH: '3,000' is not a decimal number")]
    [InlineData("\"market\": \"BTC-USD\"", "\"market\": \"SOL-USD\"", "accounts[1].positions[0].market: unknown market 'SOL-USD'")]
    [InlineData("\"ETH\": \"1\" }", "\"SOL\": \"1\" }", "accounts[1].balances.SOL: unknown asset 'SOL'")]
    [InlineData("\"USDC\": \"1000\"", "\"USDC\": \"1000.0000001\"", "accounts[0].balances.USDC: 1000.0000001 is not a multiple of the quantum 0.000001")]
    [InlineData("\"mode\": \"cross\"", "\"mode\": \"portfolio\"", "accounts[1].positions[0].mode: must be \"cross\" or \"isolated\"")]
    [InlineData("\"mode\": \"cross\"", "\"mode\": \"cross\", \"isolatedMargin\": \"5\"", "accounts[1].positions[0].isolatedMargin: only an isolated position")]
    [InlineData("\"owner\": \"b\",", "", "accounts[1].owner: missing required field")]
    [InlineData("\"entryPrice\": \"59000\", ", "", "accounts[1].positions[0].entryPrice: missing required field")]
    [InlineData("\"tickSize\": \"0.5\"", "\"tikSize\": \"0.5\"", "markets[0].tikSize: unknown field")]
    [InlineData("\"maintenanceDepositWeight\": \"0.9\"", "\"maintenanceDepositWeight\": \"1.5\"", "assets[0].maintenanceDepositWeight: must be within 0..1")]
    [InlineData("\"maintenanceRate\": \"0.01\"", "\"maintenanceRate\": \"0.001\"", "markets[0].tiers[1].maintenanceRate: must not fall")]
    [InlineData("\"id\": 2", "\"id\": 1", "accounts[1].id: duplicate account id 1")]
    [InlineData(", \"assets\": { \"ETH\": \"3000\" }", "", "prices.assets.ETH: missing price")]
    public void Bad_input_exits_2_naming_the_field_and_prints_nothing_on_stdout(string find, string replace, string expectedError)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var run = CliRun.InspectText(Valid.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        CliRun.AssertRefusal(run, expectedError);
    }

    [Fact]
    public void Malformed_json_reports_its_line_and_position()
    {
        var run = CliRun.InspectText("{\n  \"quote\": { \"symbol\": \"USDC\" \"decimals\": 6 }\n}");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("malformed JSON at line 2, position", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_2_with_a_message()
    {
        var run = CliRun.Of("inspect", Path.Combine(Path.GetTempPath(), "no-such-margincall-file.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("cannot read", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_beyond_64_bits_are_refused_not_wrapped()
    {
        // 10^6 BTC at 10^7 is 10^19 micro-USDC, beyond long.MaxValue.
        var json = Valid.Replace("\"size\": \"0.002\", \"entryPrice\": \"59000\"", "\"size\": \"1000000\", \"entryPrice\": \"10000000\"", StringComparison.Ordinal);
        var run = CliRun.InspectText(json);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        CliRun.AssertRefusal(run, "accounts[1].positions[0]: size × entryPrice does not fit");
    }

    [Theory]
    [InlineData("\"owner\": \"a\",", "\"owner\": \"a\", \"owner\": \"z\",", "accounts[0].owner: duplicate key")]
    [InlineData("\"decimals\": 6 }", "\"decimals\": 6, \"decimals\": 8 }", "quote.decimals: duplicate key")]
    [InlineData("\"id\": 1,", "\"id\": 1e400,", "accounts[0].id: '1e400' is not a finite number")]
    public void Duplicate_keys_and_non_finite_numbers_are_refused(string find, string replace, string expectedError)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        CliRun.AssertRefusal(CliRun.InspectText(Valid.Replace(find, replace, StringComparison.Ordinal)), expectedError);
    }

    [Fact]
    public void Control_characters_and_long_values_in_the_input_are_escaped_and_cut_in_the_one_line_refusal()
    {
        var hostile = "\\u001b[2J\\n" + new string('x', 20_000);
        var run = CliRun.InspectText(Valid.Replace("\"market\": \"BTC-USD\"", $"\"market\": \"{hostile}\"", StringComparison.Ordinal));

        CliRun.AssertRefusal(run, "accounts[1].positions[0].market: unknown market '\\u001b[2J\\n");
        Assert.True(run.Err.Length < 1_000, $"{run.Err.Length} characters");
    }
}
