using MarginCall.Core.Model;
using MarginCall.Core.Risk;
using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Examples;

/// <summary>
/// dYdX v4's published examples. dYdX takes maintenance on the notional at the price (|s| × p' × MMF), like Core,
/// so these reproduce without any change of convention.
/// </summary>
public sealed class DydxExamples
{
    private static World Venue() => WorldBuilder.WithQuote("USDC")
        .Market("ETH-USD", sizeDecimals: 3, priceDecimals: 2, WorldBuilder.Flat(initialRate: "0.1", maintenanceRate: "0.05"))
        .Market("STRK-USD", sizeDecimals: 0, priceDecimals: 4, WorldBuilder.Flat(initialRate: "0.2", maintenanceRate: "0.1"))
        .Market("ABC-USD", sizeDecimals: 0, priceDecimals: 3, WorldBuilder.Flat(initialRate: "0.05", maintenanceRate: "0.03"))
        .Build();

    /// <summary>
    /// dYdX v4 documentation, "Liquidations", isolated example
    /// (https://dydx-documentation-six.vercel.app/concepts/trading/liquidations, source
    /// dydxprotocol/v4-documentation docs/pages/concepts/trading/liquidations.mdx):
    /// e = 1000, short 3 ETH at 3000, MMF 5% ⇒ p' = 10000 / 3.15 ≈ 3174.60, equity there ≈ 476.2.
    /// </summary>
    [Fact]
    public void Isolated_short_of_3_ETH_with_1000_equity_liquidates_at_3174_60()
    {
        var world = Venue().SetPrice("ETH-USD", "3000");
        var account = world.NewAccount();
        world.Open(account, "ETH-USD", "-3", "3000", MarginMode.Isolated, isolatedMargin: "1000");
        Assert.Equal(world.Quote("1000"), world.Pool(account, "ETH-USD").Equity);

        var liquidation = world.LiquidationPrice(account, "ETH-USD");

        Assert.Equal("3174.60", world.FormatPrice("ETH-USD", liquidation));
        world.SetPrice("ETH-USD", "3174.60");
        Assert.Equal("476.200000", world.FormatQuote(world.Pool(account, "ETH-USD").Equity));
    }

    /// <summary>
    /// Same page, cross example: e = 1000; short 1.5 ETH at 3000 (MMF 5%); long 1000 STRK at 1.75 (MMF 10%)
    /// ⇒ MMR_o = 1000 × 1.75 × 0.10 = 175 and p' = (1000 + 4500 − 175) / 1.575 ≈ 3380.95.
    /// </summary>
    [Fact]
    public void Cross_short_of_1_5_ETH_beside_a_STRK_long_liquidates_at_3380_95()
    {
        var world = Venue().SetPrice("ETH-USD", "3000").SetPrice("STRK-USD", "1.75");
        var account = world.NewAccount();
        world.Deposit(account, "USDC", "1000");
        world.Open(account, "ETH-USD", "-1.5", "3000");
        world.Open(account, "STRK-USD", "1000", "1.75");
        var figures = AccountFigures.Of(world.Venue, world.Prices, account);
        Assert.Equal(world.Quote("1000"), figures.Cross.Equity);
        Assert.Equal(world.Quote("175"), figures.Positions.Single(p => p.Market == world.Market("STRK-USD").Id).MaintenanceRequirement);

        var liquidation = world.LiquidationPrice(account, "ETH-USD");

        Assert.Equal("3380.95", world.FormatPrice("ETH-USD", liquidation));
    }

    /// <summary>
    /// dYdX documentation, "Contract loss mechanisms"
    /// (https://dydx-documentation-six.vercel.app/concepts/trading/contract-loss-mechanism): B deposits $100 and
    /// shorts 500 ABC at $1; at $2 "B’s equity becomes negative: $100 − ($2 − $1) × −500 = $−400"; "B’s bankruptcy
    /// price is $1.2".
    /// </summary>
    [Fact]
    public void Short_of_500_at_1_with_100_goes_bankrupt_at_1_20_and_has_minus_400_equity_at_2()
    {
        var world = Venue().SetPrice("ABC-USD", "1");
        var account = world.NewAccount();
        world.Deposit(account, "USDC", "100");
        world.Open(account, "ABC-USD", "-500", "1");

        Assert.Equal("1.200", world.FormatPrice("ABC-USD", world.BankruptcyPrice(account, "ABC-USD")));
        world.SetPrice("ABC-USD", "2");
        Assert.Equal(world.Quote("-400"), world.Pool(account, "ABC-USD").Equity);
    }

    /// <summary>
    /// Same page, insurance-fund example: A deposits $100, goes long 500 ABC at $1, MMF 3% ⇒ "MMR = 3% × $1 × 500 =
    /// $15"; at $0.801 "A’s pnl = (0.801 − 1.000) × 500 = −$99.5", "A’s equity is now $0.50, below the MMR".
    /// </summary>
    [Fact]
    public void Long_of_500_at_1_falls_below_maintenance_at_0_801_with_50_cents_of_equity()
    {
        var world = Venue().SetPrice("ABC-USD", "1");
        var account = world.NewAccount();
        world.Deposit(account, "USDC", "100");
        world.Open(account, "ABC-USD", "500", "1");
        Assert.Equal(world.Quote("15"), world.Pool(account, "ABC-USD").MaintenanceRequirement);

        world.SetPrice("ABC-USD", "0.801");
        var figures = AccountFigures.Of(world.Venue, world.Prices, account);

        Assert.Equal(world.Quote("-99.5"), figures.Positions[0].UnrealizedPnl);
        Assert.Equal(world.Quote("0.5"), figures.Cross.Equity);
        Assert.True(figures.Cross.IsBelowMaintenance);
    }
}
