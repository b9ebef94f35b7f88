using MarginCall.Core.Model;
using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Examples;

/// <summary>
/// Bybit's published linear (USDT/USDC) examples. Bybit's older isolated formula takes maintenance margin on the
/// <em>entry</em> value ("LP = Entry − (IM − MM)/size"); Core takes it on the notional at the liquidation price.
/// The entry-value convention is reproduced through the inputs: a fixed maintenance margin MM is the same as a pool
/// that must stay above zero with MM less collateral, so Bybit's liquidation price is Core's bankruptcy price of the
/// position with margin IM − MM.
/// </summary>
public sealed class BybitExamples
{
    private static World Btc() => WorldBuilder.WithQuote("USDT")
        .Market("BTCUSDT", sizeDecimals: 3, priceDecimals: 2, WorldBuilder.Flat(initialRate: "0.02", maintenanceRate: "0.005"))
        .Build();

    /// <summary>
    /// "Liquidation Price (USDT Contract)", Bybit Help Center, Example 1:
    /// https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract —
    /// 1 BTC long at 20,000 USDT, 50x, MMR 0.5%: IM 400, MM 100, LP 19,700.
    /// </summary>
    [Fact]
    public void Isolated_long_at_50x_has_IM_400_MM_100_and_liquidates_at_19700_with_maintenance_on_entry_value()
    {
        var world = Btc().SetPrice("BTCUSDT", "20000");
        var market = world.Market("BTCUSDT");
        var entryNotional = world.Quote("20000");

        Assert.Equal(world.Quote("400"), market.Margin.InitialRequirement(entryNotional));
        Assert.Equal(world.Quote("100"), market.Margin.MaintenanceRequirement(entryNotional));

        // MM fixed at entry value: the pool liquidates where its margin less MM (400 − 100) is used up.
        var account = world.NewAccount();
        world.Open(account, "BTCUSDT", "1", "20000", MarginMode.Isolated, isolatedMargin: "300");
        Assert.Equal("19700.00", world.FormatPrice("BTCUSDT", world.BankruptcyPrice(account, "BTCUSDT")));
    }

    [Fact]
    public void Core_takes_maintenance_on_the_notional_at_the_liquidation_price_so_the_same_long_survives_slightly_below_19700()
    {
        var world = Btc().SetPrice("BTCUSDT", "20000");
        var account = world.NewAccount();
        world.Open(account, "BTCUSDT", "1", "20000", MarginMode.Isolated, isolatedMargin: "400");

        // 400 + (P − 20,000) = 0.005 P ⇒ P = 19,600 / 0.995 = 19,698.4924…, rounded up for a long: 19,698.50.
        Assert.Equal("19698.50", world.FormatPrice("BTCUSDT", world.LiquidationPrice(account, "BTCUSDT")));
    }

    /// <summary>
    /// "Bankruptcy Price (USDT Contract)", Bybit Help Center (quoted in the help-centre search at
    /// https://www.bybitx.global/fil-PH/help-center/search-result?page=46&amp;pageSize=10&amp;query=trade):
    /// 1 BTC long at 10,000 USDT, 50x ⇒ 10,000 × (1 − 2%) = 9,800.
    /// </summary>
    [Fact]
    public void Isolated_long_at_50x_goes_bankrupt_at_entry_times_one_minus_initial_rate()
    {
        var world = Btc().SetPrice("BTCUSDT", "10000");
        var margin = world.Market("BTCUSDT").Margin.InitialRequirement(world.Quote("10000"));
        var account = world.NewAccount();
        world.Open(account, "BTCUSDT", "1", "10000", MarginMode.Isolated, isolatedMargin: world.FormatQuote(margin));

        Assert.Equal("9800.00", world.FormatPrice("BTCUSDT", world.BankruptcyPrice(account, "BTCUSDT")));
    }

    /// <summary>
    /// "Initial Margin Calculation (USDC Perpetual &amp; Futures)", Bybit Help Center (2025-09-02), mirrored at
    /// https://www.lixoperdavimuzonrak.com/en/help-center/article/Initial-Margin-Calculation-USDC-Contract —
    /// 0.5 BTC at mark 50,500, 10x ⇒ IM = 0.5 × 50,500 / 10 = 2,525 USDC (before the estimated closing fee).
    /// </summary>
    [Fact]
    public void Usdc_initial_margin_is_taken_on_the_mark_price_notional()
    {
        var world = WorldBuilder.WithQuote("USDC")
            .Market("BTCPERP", sizeDecimals: 3, priceDecimals: 1, WorldBuilder.Flat(initialRate: "0.1", maintenanceRate: "0.005"))
            .Build()
            .SetPrice("BTCPERP", "50500");
        var account = world.NewAccount();
        world.Open(account, "BTCPERP", "0.5", "50000");

        Assert.Equal(world.Quote("2525"), world.Pool(account, "BTCPERP").InitialRequirement);
    }
}
