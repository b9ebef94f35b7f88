using MarginCall.Core.Numbers;

namespace MarginCall.Core.Model;

/// <summary>
/// A linear perpetual futures market: size in base quantums, price in fixed point, settled in the venue's quote
/// asset. Its definition only: what moves (the mark, the cumulative funding index) is state, held in a
/// <see cref="PriceSet"/>.
/// </summary>
public sealed class PerpetualMarket
{
    /// <summary>Creates and validates a market.</summary>
    public PerpetualMarket(
        MarketId id,
        string symbol,
        string oracle,
        int sizeDecimals,
        int priceDecimals,
        int quoteDecimals,
        long stepSize,
        long tickSize,
        MarginSchedule margin)
    {
        if (string.IsNullOrWhiteSpace(symbol))
        {
            throw new ModelValidationException(nameof(symbol), "must not be empty");
        }

        if (sizeDecimals is < 0 or > 18)
        {
            throw new ModelValidationException(nameof(sizeDecimals), "must be 0..18");
        }

        if (priceDecimals is < 0 or > 18)
        {
            throw new ModelValidationException(nameof(priceDecimals), "must be 0..18");
        }

        if (stepSize <= 0)
        {
            throw new ModelValidationException(nameof(stepSize), "must be positive");
        }

        if (tickSize <= 0)
        {
            throw new ModelValidationException(nameof(tickSize), "must be positive");
        }

        Id = id;
        Symbol = symbol;
        Oracle = oracle;
        SizeDecimals = sizeDecimals;
        PriceDecimals = priceDecimals;
        StepSize = stepSize;
        TickSize = tickSize;
        Margin = margin;
        QuoteDecimals = quoteDecimals;
        Scale = ValueScale.For(quoteDecimals, sizeDecimals, priceDecimals);
    }

    /// <summary>Index in the venue.</summary>
    public MarketId Id { get; }

    /// <summary>Ticker, e.g. BTC-USD.</summary>
    public string Symbol { get; }

    /// <summary>Name of the price feed for this market.</summary>
    public string Oracle { get; }

    /// <summary>Decimals of one base quantum (8 → 1 quantum = 0.00000001 BTC).</summary>
    public int SizeDecimals { get; }

    /// <summary>Decimals of one price unit (2 → 1 unit = 0.01 quote per base).</summary>
    public int PriceDecimals { get; }

    /// <summary>Decimals of the quote asset the market settles in (what <see cref="Scale"/> was built from).</summary>
    public int QuoteDecimals { get; }

    /// <summary>Smallest size increment, base quantums; every size is a multiple.</summary>
    public long StepSize { get; }

    /// <summary>Smallest price increment, price units.</summary>
    public long TickSize { get; }

    /// <summary>Tiered initial and maintenance margin.</summary>
    public MarginSchedule Margin { get; }

    /// <summary>size × price → quote quantums.</summary>
    public ValueScale Scale { get; }
}
