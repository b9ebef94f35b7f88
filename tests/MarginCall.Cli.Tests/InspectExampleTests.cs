using System.Text.Json;

namespace MarginCall.Cli.Tests;

public sealed class InspectExampleTests
{
    [Fact]
    public void Inspect_of_the_example_venue_exits_zero_with_a_figure_set_per_account_and_nothing_on_stderr()
    {
        var run = CliRun.Of("inspect", CliRun.Example("inspect.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Err);
        var accounts = run.Json().GetProperty("accounts");
        Assert.Equal(4, accounts.GetArrayLength());
        foreach (var account in accounts.EnumerateArray())
        {
            foreach (var name in new[] { "equity", "initialRequirement", "maintenanceRequirement", "freeCollateral", "notional", "health", "leverage" })
            {
                Assert.True(account.GetProperty("cross").TryGetProperty(name, out _), name);
            }
        }
    }

    [Fact]
    public void The_example_has_an_account_near_liquidation_and_an_isolated_position()
    {
        var accounts = CliRun.Of("inspect", CliRun.Example("inspect.json")).Json().GetProperty("accounts").EnumerateArray().ToArray();

        // bob: equity 4,000 + 1 ETH × 3,000 + 2 × (62,000 − 64,900) = 1,200; requirement: 124,000 × 0.5% − 50
        // (tier 2) + ETH haircut 3,000 × (1 − 0.9) = 870 (Binance-style tiers, see docs/inspect.md).
        var bob = accounts[1].GetProperty("cross");
        Assert.Equal("1200.000000", bob.GetProperty("equity").GetString());
        Assert.Equal("870.000000", bob.GetProperty("maintenanceRequirement").GetString());
        Assert.False(bob.GetProperty("belowMaintenance").GetBoolean());

        var carolEth = accounts[2].GetProperty("positions").EnumerateArray().Single(p => p.GetProperty("market").GetString() == "ETH-USD");
        Assert.Equal("isolated", carolEth.GetProperty("mode").GetString());
        Assert.Equal("600.000000", carolEth.GetProperty("pool").GetProperty("equity").GetString()); // 1,600 + 10 × (3,000 − 3,100)
    }

    [Fact]
    public void Money_and_prices_are_decimal_strings_and_missing_figures_are_null()
    {
        var alice = CliRun.Of("inspect", CliRun.Example("inspect.json")).Json().GetProperty("accounts")[0];
        var btc = alice.GetProperty("positions")[0];

        Assert.Equal(JsonValueKind.String, alice.GetProperty("cross").GetProperty("equity").ValueKind);
        // A long backed by 50,000 USDC and a profitable short: no positive BTC price takes the pool to maintenance.
        Assert.Equal(JsonValueKind.Null, btc.GetProperty("liquidationPrice").ValueKind);
        // Funding: long 0.5 BTC × (25.3 − 20.1) = 2.6 USDC paid.
        Assert.Equal("-2.600000", btc.GetProperty("accruedFunding").GetString());
    }

    /// <summary>
    /// dYdX v4 documentation, "Liquidations" (https://dydx-documentation-six.vercel.app/concepts/trading/liquidations):
    /// isolated short 3 ETH at 3000 with equity 1000, MMF 5% ⇒ p' ≈ 3174.60; cross short 1.5 ETH beside 1000 STRK at
    /// 1.75 (MMF 10%) with equity 1000 ⇒ MMR_o = 175 and p' ≈ 3380.95.
    /// </summary>
    [Fact]
    public void Published_dYdX_liquidation_prices_come_through_the_JSON_path()
    {
        var run = CliRun.Of("inspect", CliRun.Example("inspect-dydx.json"));
        Assert.Equal(0, run.ExitCode);
        var accounts = run.Json().GetProperty("accounts");

        Assert.Equal("3174.60", accounts[0].GetProperty("positions")[0].GetProperty("liquidationPrice").GetString());
        Assert.Equal("1000.000000", accounts[0].GetProperty("positions")[0].GetProperty("pool").GetProperty("equity").GetString());
        var cross = accounts[1].GetProperty("positions");
        Assert.Equal("3380.95", cross[0].GetProperty("liquidationPrice").GetString());
        Assert.Equal("175.000000", cross[1].GetProperty("maintenanceRequirement").GetString());
    }

    /// <summary>
    /// BitMEX, "Isolated Margin examples", USDT section (https://www.bitmex.com/app/isolatedMarginExamples): wallet
    /// 10,000 USDT, long 20 ETHUSDT at 1,000, 50x: IM 400, MM 200, bankruptcy price 500.
    /// </summary>
    [Fact]
    public void Published_BitMEX_margins_and_bankruptcy_price_come_through_the_JSON_path()
    {
        var run = CliRun.InspectText("""
            {
              "quote": { "symbol": "USDT", "decimals": 6 },
              "markets": [ { "symbol": "ETHUSDT", "sizeDecimals": 0, "priceDecimals": 2, "stepSize": "1", "tickSize": "0.05",
                             "tiers": [ { "initialRate": "0.02", "maintenanceRate": "0.01" } ] } ],
              "prices": { "markets": { "ETHUSDT": "1000" } },
              "accounts": [ { "id": 7, "owner": "bitmex", "balances": { "USDT": "10000" },
                              "positions": [ { "market": "ETHUSDT", "size": "20", "entryPrice": "1000", "mode": "cross" } ] } ]
            }
            """);

        Assert.Equal(0, run.ExitCode);
        var position = run.Json().GetProperty("accounts")[0].GetProperty("positions")[0];
        Assert.Equal("400.000000", position.GetProperty("initialRequirement").GetString());
        Assert.Equal("200.000000", position.GetProperty("maintenanceRequirement").GetString());
        Assert.Equal("500.00", position.GetProperty("bankruptcyPrice").GetString());
    }

    /// <summary>
    /// docs/inspect.md, "Prices on the tick; the first crossing": 120 X long, equity 120·P − 9,500, maintenance 1% of
    /// notional up to 10,000 and 10% above (no deductions), tick 0.05. From a mark of 100 the first crossing is 87.96
    /// (88.00 on the tick, against the account), not the 1% band's root 79.97, which is the answer only from inside that
    /// band; an account under at 87.95 gets the nearest safe tick above.
    /// </summary>
    [Theory]
    [InlineData("100", "88.00", false)]
    [InlineData("88", "88.00", false)]
    [InlineData("87.95", "88.00", true)]
    [InlineData("83.3", "80.00", false)]
    [InlineData("79.95", "80.00", true)]
    public void On_a_jumping_tier_schedule_the_liquidation_price_is_the_first_crossing_on_the_tick(string mark, string liquidation, bool under)
    {
        var json = File.ReadAllText(CliRun.Example("inspect-tier-jump.json")).Replace("\"X-USD\": \"100\"", $"\"X-USD\": \"{mark}\"", StringComparison.Ordinal);
        var run = CliRun.InspectText(json);

        Assert.Equal(0, run.ExitCode);
        var account = run.Json().GetProperty("accounts")[0];
        Assert.Equal(under, account.GetProperty("cross").GetProperty("belowMaintenance").GetBoolean());
        Assert.Equal(liquidation, account.GetProperty("positions")[0].GetProperty("liquidationPrice").GetString());
        Assert.Equal("79.20", account.GetProperty("positions")[0].GetProperty("bankruptcyPrice").GetString()); // 9,500 / 120 = 79.1667, up to the tick
    }
}
