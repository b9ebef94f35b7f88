using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Examples;

/// <summary>
/// BitMEX, "Isolated Margin examples", USDT section (https://www.bitmex.com/app/isolatedMarginExamples): wallet
/// 10,000 USDT, buys 20 ETHUSDT at 1,000 at 50x in cross margin: "initial margin is 2% = 400 USDT, and the maintenance
/// margin is 1% = 200 USDT", "Her liquidation and bankruptcy prices are 510 and 500".
/// BitMEX's 510 holds the maintenance margin fixed at its entry value (10,000 + 20 (p − 1,000) = 200); Core's
/// maintenance follows the mark price. The fixed-MM convention is reproduced through the inputs: liquidation with
/// a fixed MM is bankruptcy of the same position with MM less in the wallet.
/// </summary>
public sealed class BitmexExamples
{
    private static World EthUsdt() => WorldBuilder.WithQuote("USDT")
        .Market("ETHUSDT", sizeDecimals: 0, priceDecimals: 2, WorldBuilder.Flat(initialRate: "0.02", maintenanceRate: "0.01"))
        .Build()
        .SetPrice("ETHUSDT", "1000");

    [Fact]
    public void Cross_long_of_20_ETH_at_1000_needs_IM_400_and_MM_200_and_goes_bankrupt_at_500()
    {
        var world = EthUsdt();
        var account = world.NewAccount();
        world.Deposit(account, "USDT", "10000");
        world.Open(account, "ETHUSDT", "20", "1000");

        var pool = world.Pool(account, "ETHUSDT");

        Assert.Equal(world.Quote("400"), pool.InitialRequirement);
        Assert.Equal(world.Quote("200"), pool.MaintenanceRequirement);
        Assert.Equal(world.Quote("9600"), pool.FreeCollateral); // "available balance is now USDT 9,600"
        Assert.Equal("500.00", world.FormatPrice("ETHUSDT", world.BankruptcyPrice(account, "ETHUSDT")));
    }

    [Fact]
    public void With_maintenance_fixed_at_entry_value_the_same_long_liquidates_at_510()
    {
        var world = EthUsdt();
        var account = world.NewAccount();
        world.Deposit(account, "USDT", "9800"); // the wallet less the 200 USDT maintenance fixed at entry
        world.Open(account, "ETHUSDT", "20", "1000");

        Assert.Equal("510.00", world.FormatPrice("ETHUSDT", world.BankruptcyPrice(account, "ETHUSDT")));
    }

    [Fact]
    public void With_maintenance_on_the_mark_notional_the_same_long_liquidates_at_505_06()
    {
        var world = EthUsdt();
        var account = world.NewAccount();
        world.Deposit(account, "USDT", "10000");
        world.Open(account, "ETHUSDT", "20", "1000");

        // 10,000 + 20 (p − 1,000) = 0.01 × 20 p ⇒ p = 10,000 / 19.8 = 505.0505…, rounded up for a long.
        Assert.Equal("505.06", world.FormatPrice("ETHUSDT", world.LiquidationPrice(account, "ETHUSDT")));
    }
}
