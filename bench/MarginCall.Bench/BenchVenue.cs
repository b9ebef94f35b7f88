using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Bench;

/// <summary>
/// The bench's venue, written as a simulator scenario's quote and markets and built by <see cref="VenueFactory"/> as
/// every scenario's is: USDC (6 decimals) as quote and ten linear perpetuals at round 2024-ish prices, each with a
/// three-band continuous schedule (50× up to 1M USDC notional, 25× to 5M, 10× beyond; maintenance half the initial
/// rate). Step sizes make size × price exact in quote quantums, so trades at the mark leave no rounding dust.
/// </summary>
public static class BenchVenue
{
    private static readonly (string Symbol, double Price, int SizeDecimals, int PriceDecimals)[] Specs =
    [
        ("BTC-USD", 65_000, 8, 2),
        ("ETH-USD", 3_500, 8, 2),
        ("SOL-USD", 150, 6, 3),
        ("XRP-USD", 0.6, 4, 5),
        ("DOGE-USD", 0.15, 4, 6),
        ("ADA-USD", 0.45, 4, 5),
        ("AVAX-USD", 35, 6, 3),
        ("LINK-USD", 15, 6, 3),
        ("DOT-USD", 7, 6, 3),
        ("LTC-USD", 80, 6, 3),
    ];

    private static readonly TierSpec[] Tiers =
    [
        new() { NotionalCap = 1_000_000, InitialRate = 0.02, MaintenanceRate = 0.01 },
        new() { NotionalCap = 5_000_000, InitialRate = 0.04, MaintenanceRate = 0.02 },
        new() { NotionalCap = null, InitialRate = 0.10, MaintenanceRate = 0.05 },
    ];

    /// <summary>The quote and markets as a scenario (no population, price process or liquidity: the bench brings its own).</summary>
    public static Scenario Scenario { get; } = new()
    {
        Name = "bench",
        Quote = new QuoteSpec { Symbol = "USDC", Decimals = 6 },
        Markets = [.. Specs.Select(s => new MarketSpec
        {
            Symbol = s.Symbol,
            SizeDecimals = s.SizeDecimals,
            PriceDecimals = s.PriceDecimals,
            StepSize = s.SizeDecimals + s.PriceDecimals > 6 ? (long)FixedPoint.Pow10(s.SizeDecimals + s.PriceDecimals - 6) : 1,
            TickSize = 1,
            InitialPrice = s.Price,
            Tiers = Tiers,
        })],
    };

    /// <summary>Quote asset id (the factory gives the quote id 0).</summary>
    public static AssetId Usdc { get; } = new(0);

    /// <summary>Number of markets.</summary>
    public static int MarketCount => Specs.Length;

    /// <summary>Builds the venue (fresh instances: each engine owns its markets' funding indices).</summary>
    public static Venue Create() => VenueFactory.Create(Scenario);

    /// <summary>The opening price of every market in whole USDC per whole base unit, by market index.</summary>
    public static double[] OpeningPrices() => [.. Specs.Select(s => s.Price)];

    /// <summary>The opening price of market <paramref name="market"/> in its price units (its ledger conversion).</summary>
    public static Price OpeningPrice(int market)
    {
        var spec = Scenario.Markets[market];
        return LedgerConversion.ToPrice(spec.InitialPrice!.Value, spec.PriceDecimals, spec.TickSize);
    }
}
