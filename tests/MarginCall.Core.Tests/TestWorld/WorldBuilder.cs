using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Tests.TestWorld;

/// <summary>
/// The one builder for test worlds: a quote asset, optional collateral assets and perpetual markets, written in
/// human decimal text ("0.005", "20000") and converted exactly with <see cref="DecimalText"/>.
/// </summary>
internal sealed class WorldBuilder
{
    private readonly List<Asset> assets = [];
    private readonly List<PerpetualMarket> markets = [];

    private WorldBuilder(string quoteSymbol, int quoteDecimals)
    {
        QuoteDecimals = quoteDecimals;
        assets.Add(new Asset(new AssetId(0), quoteSymbol, quoteDecimals, 0, quoteSymbol, Ppm.One, Ppm.One, Ppm.One, Ppm.One));
    }

    public int QuoteDecimals { get; }

    /// <summary>Starts a venue whose quote asset (priced at one) is <paramref name="symbol"/>.</summary>
    public static WorldBuilder WithQuote(string symbol = "USDC", int decimals = 6) => new(symbol, decimals);

    /// <summary>Converts a rate such as "0.005" to ppm; throws when not exact to the ppm.</summary>
    public static Ppm Rate(string text) => new(Parse(text, 6, "rate"));

    /// <summary>A single-band schedule.</summary>
    public static MarginSchedule Flat(string initialRate, string maintenanceRate) =>
        MarginSchedule.Flat(Rate(initialRate), Rate(maintenanceRate));

    /// <summary>A tiered schedule with continuous (Binance "maintenance amount") deductions; caps in quote units.</summary>
    public MarginSchedule Continuous(params (string Cap, string InitialRate, string MaintenanceRate)[] bands) =>
        MarginSchedule.Continuous([.. bands.Select(b => (new Quantums(Parse(b.Cap, QuoteDecimals, "cap")), Rate(b.InitialRate), Rate(b.MaintenanceRate)))]);

    public WorldBuilder Asset(
        string symbol,
        int decimals,
        int priceDecimals,
        string initialWeight = "1",
        string maintenanceWeight = "1",
        string initialBorrowWeight = "1",
        string maintenanceBorrowWeight = "1")
    {
        assets.Add(new Asset(
            new AssetId(assets.Count), symbol, decimals, priceDecimals, symbol,
            Rate(initialWeight), Rate(maintenanceWeight), Rate(initialBorrowWeight), Rate(maintenanceBorrowWeight)));
        return this;
    }

    public WorldBuilder Market(string symbol, int sizeDecimals, int priceDecimals, MarginSchedule margin, long stepSize = 1, long tickSize = 1)
    {
        markets.Add(new PerpetualMarket(new MarketId(markets.Count), symbol, symbol, sizeDecimals, priceDecimals, QuoteDecimals, stepSize, tickSize, margin));
        return this;
    }

    public World Build() => new(new Venue(assets, new AssetId(0), markets));

    internal static long Parse(string text, int decimals, string what) =>
        DecimalText.TryParse(text, decimals, out var value)
            ? value
            : throw new ArgumentException($"{what} '{text}' is not exact with {decimals} decimals", nameof(text));
}
