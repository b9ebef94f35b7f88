using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Properties;

/// <summary>One position of a random account: market index, signed size in steps, entry offset from the mark in ‰.</summary>
internal sealed record PositionSpec(int Market, long Steps, int EntryOffsetPermille, bool Isolated, long IsolatedMargin);

/// <summary>
/// A random account on a fixed three-market venue with a haircut spot asset: quote and ETH balances (either sign),
/// market prices, funding, and up to one position per market in either mode. Plain data so CsCheck can shrink it.
/// </summary>
internal sealed record Scenario(long Usdc, long Eth, long EthPrice, long[] Prices, long[] Funding, PositionSpec[] Positions)
{
    public static readonly string[] Markets = ["BTC-USD", "ETH-USD", "DOGE-USD"];

    // Per market: price range in price units, step, max steps (sizes up to ~100 BTC, 2,000 ETH, 10M DOGE).
    private static readonly (long MinPrice, long MaxPrice, long Step, long MaxSteps)[] Shapes =
    [
        (1_000_0, 200_000_0, 1_000, 10_000_000),
        (100_00, 10_000_00, 10, 2_000_000),
        (1_000, 2_000_000, 1, 10_000_000),
    ];

    public static Gen<Scenario> Gen { get; } =
        CsCheck.Gen.Select(
            CsCheck.Gen.Long[-5_000_000_000, 500_000_000_000],
            CsCheck.Gen.Long[-1_000_000_000, 10_000_000_000],
            CsCheck.Gen.Long[100_00, 10_000_00],
            CsCheck.Gen.Select(PriceGen(0), PriceGen(1), PriceGen(2)).Select((a, b, c) => new[] { a, b, c }),
            CsCheck.Gen.Long[-1_000_00, 1_000_00].Array[3],
            PositionsGen,
            (usdc, eth, ethPrice, prices, funding, positions) => new Scenario(usdc, eth, ethPrice, prices, funding, positions));

    private static Gen<long> PriceGen(int market) => CsCheck.Gen.Long[Shapes[market].MinPrice, Shapes[market].MaxPrice];

    private static Gen<PositionSpec[]> PositionsGen =>
        CsCheck.Gen.Select(PositionGen(0), PositionGen(1), PositionGen(2))
            .Select((a, b, c) => new[] { a, b, c }.Where(p => p is not null).Select(p => p!).ToArray())
            .Where(p => p.Length > 0);

    private static Gen<PositionSpec?> PositionGen(int market) =>
        CsCheck.Gen.Select(
            CsCheck.Gen.Int[0, 3],
            CsCheck.Gen.Long[1, Shapes[market].MaxSteps],
            CsCheck.Gen.Bool,
            CsCheck.Gen.Int[-300, 300],
            CsCheck.Gen.Bool,
            CsCheck.Gen.Long[0, 50_000_000_000],
            (present, steps, isShort, offset, isolated, margin) =>
                present == 0 ? null : new PositionSpec(market, isShort ? -steps : steps, offset, isolated, isolated ? margin : 0));

    /// <summary>The venue every scenario runs on: BTC and ETH with Binance-like continuous tiers, DOGE flat.</summary>
    public static World NewWorld()
    {
        var builder = WorldBuilder.WithQuote("USDC")
            .Asset("ETH", decimals: 8, priceDecimals: 2, initialWeight: "0.8", maintenanceWeight: "0.9", initialBorrowWeight: "1.2", maintenanceBorrowWeight: "1.1");
        return builder
            .Market("BTC-USD", sizeDecimals: 8, priceDecimals: 1, builder.Continuous(
                ("50000", "0.008", "0.004"), ("250000", "0.01", "0.005"), ("1000000", "0.02", "0.01"), ("10000000", "0.05", "0.025"), ("20000000", "0.1", "0.05")),
                stepSize: Shapes[0].Step)
            .Market("ETH-USD", sizeDecimals: 4, priceDecimals: 2, builder.Continuous(
                ("100000", "0.02", "0.0065"), ("1000000", "0.05", "0.01"), ("5000000", "0.1", "0.025")),
                stepSize: Shapes[1].Step)
            .Market("DOGE-USD", sizeDecimals: 0, priceDecimals: 6, WorldBuilder.Flat("0.1", "0.05"), stepSize: Shapes[2].Step)
            .Build();
    }

    /// <summary>Builds the world at this scenario's prices and its account.</summary>
    public (World World, Account Account) Build()
    {
        var world = NewWorld();
        world.Prices.SetAsset(world.Asset("ETH").Id, new Price(EthPrice));
        var account = world.NewAccount();
        account.SetSpotBalance(world.Asset("USDC").Id, Usdc);
        account.SetSpotBalance(world.Asset("ETH").Id, Eth);
        for (var i = 0; i < Markets.Length; i++)
        {
            var market = world.Market(Markets[i]);
            world.Prices.SetMarket(market.Id, new Price(Prices[i]));
            world.Prices.SetFundingIndex(market.Id, Funding[i]);
        }

        foreach (var spec in Positions)
        {
            var market = world.Market(Markets[spec.Market]);
            var size = checked(spec.Steps * market.StepSize);
            var entry = new Price(Math.Max(1, Prices[spec.Market] + (Prices[spec.Market] * spec.EntryOffsetPermille / 1000)));
            account.SetPosition(new PerpPosition(market.Id, spec.Isolated ? MarginMode.Isolated : MarginMode.Cross, size,
                PositionMath.QuoteBalanceAtEntry(market, size, entry), spec.IsolatedMargin, LastFundingIndex: 0));
        }

        return (world, account);
    }
}
