using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Bench;

/// <summary>
/// The bench's venue: USDC (6 decimals) as quote and ten linear perpetuals at round 2024-ish prices, each with a
/// three-band continuous schedule (50× up to 1M USDC notional, 25× to 5M, 10× beyond; maintenance half the initial
/// rate). Step sizes make size × price exact in quote quantums, so trades at the mark leave no rounding dust.
/// </summary>
public static class BenchVenue
{
    /// <summary>Quote asset id.</summary>
    public static AssetId Usdc { get; } = new(0);

    private static readonly (string Symbol, decimal Price, int SizeDecimals, int PriceDecimals)[] Specs =
    [
        ("BTC-USD", 65_000m, 8, 2),
        ("ETH-USD", 3_500m, 8, 2),
        ("SOL-USD", 150m, 6, 3),
        ("XRP-USD", 0.6m, 4, 5),
        ("DOGE-USD", 0.15m, 4, 6),
        ("ADA-USD", 0.45m, 4, 5),
        ("AVAX-USD", 35m, 6, 3),
        ("LINK-USD", 15m, 6, 3),
        ("DOT-USD", 7m, 6, 3),
        ("LTC-USD", 80m, 6, 3),
    ];

    /// <summary>Number of markets.</summary>
    public static int MarketCount => Specs.Length;

    /// <summary>Builds the venue (fresh instances: each engine owns its markets' funding indices).</summary>
    public static Venue Create()
    {
        var usdc = new Asset(Usdc, "USDC", 6, 0, "USDC", Ppm.One, Ppm.One, Ppm.One, Ppm.One);
        var schedule = MarginSchedule.Continuous(
        [
            (new Quantums(1_000_000_000_000), new Ppm(20_000), new Ppm(10_000)),
            (new Quantums(5_000_000_000_000), new Ppm(40_000), new Ppm(20_000)),
            (new Quantums(long.MaxValue), new Ppm(100_000), new Ppm(50_000)),
        ]);
        var markets = new PerpetualMarket[Specs.Length];
        for (var i = 0; i < Specs.Length; i++)
        {
            var (symbol, _, sizeDecimals, priceDecimals) = Specs[i];
            var exactness = sizeDecimals + priceDecimals - 6;
            var step = exactness > 0 ? (long)FixedPoint.Pow10(exactness) : 1;
            markets[i] = new PerpetualMarket(new MarketId(i), symbol, symbol, sizeDecimals, priceDecimals, 6, step, 1, schedule);
        }

        return new Venue([usdc], Usdc, markets);
    }

    /// <summary>The opening price of market <paramref name="market"/>, in its price units.</summary>
    public static long OpeningPrice(int market)
    {
        var (_, price, _, priceDecimals) = Specs[market];
        return (long)(price * (decimal)FixedPoint.Pow10(priceDecimals));
    }
}
