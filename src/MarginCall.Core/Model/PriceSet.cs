using MarginCall.Core.Numbers;

namespace MarginCall.Core.Model;

/// <summary>
/// The market inputs figures are computed at: per market the mark price and the cumulative funding index (funding per
/// whole base unit, price units; a long pays size × (index − the position's last index)), and one price per asset,
/// each in its own price units. The quote asset is always priced at exactly one. Mutable so the engine can move them
/// in place; the engine never hands its own set out (readers get a copy).
/// </summary>
public sealed class PriceSet
{
    private readonly long[] marketPrices;
    private readonly long[] fundingIndices;
    private readonly long[] assetPrices;

    /// <summary>Creates a price set for <paramref name="venue"/> with every price unset (zero).</summary>
    public PriceSet(Venue venue)
    {
        marketPrices = new long[venue.Markets.Count];
        fundingIndices = new long[venue.Markets.Count];
        assetPrices = new long[venue.Assets.Count];
        assetPrices[venue.Quote.Id.Value] = (long)FixedPoint.Pow10(venue.Quote.PriceDecimals);
        QuoteAsset = venue.Quote.Id;
    }

    /// <summary>The asset whose price is pinned at one.</summary>
    public AssetId QuoteAsset { get; }

    /// <summary>The price of a market.</summary>
    public Price Market(MarketId id) => new(marketPrices[id.Value]);

    /// <summary>The cumulative funding index of a market, price units (zero until funding moves it).</summary>
    public long FundingIndex(MarketId id) => fundingIndices[id.Value];

    /// <summary>Sets a market's cumulative funding index (any value: funding may run either way).</summary>
    public void SetFundingIndex(MarketId id, long index) => fundingIndices[id.Value] = index;

    /// <summary>The price of an asset.</summary>
    public Price Asset(AssetId id) => new(assetPrices[id.Value]);

    /// <summary>Sets a market's price; it must be positive.</summary>
    public void SetMarket(MarketId id, Price price)
    {
        if (!price.IsPositive)
        {
            throw new ModelValidationException("price", "must be positive");
        }

        marketPrices[id.Value] = price.Units;
    }

    /// <summary>Sets an asset's price; it must be positive, and the quote asset's cannot change.</summary>
    public void SetAsset(AssetId id, Price price)
    {
        if (!price.IsPositive)
        {
            throw new ModelValidationException("price", "must be positive");
        }

        if (id == QuoteAsset)
        {
            throw new ModelValidationException("price", "the quote asset is priced at one");
        }

        assetPrices[id.Value] = price.Units;
    }

    /// <summary>
    /// Sets a market's price in units without the positivity check: the engine restoring a snapshot, in which a market
    /// never priced yet holds zero.
    /// </summary>
    internal void RestoreMarket(MarketId id, long units) => marketPrices[id.Value] = units;

    /// <summary>Sets an asset's price in units without the checks (snapshot restore; the reader checks the quote's).</summary>
    internal void RestoreAsset(AssetId id, long units) => assetPrices[id.Value] = units;

    /// <summary>A copy that can move independently.</summary>
    public PriceSet Clone() => new(this);

    private PriceSet(PriceSet other)
    {
        marketPrices = (long[])other.marketPrices.Clone();
        fundingIndices = (long[])other.fundingIndices.Clone();
        assetPrices = (long[])other.assetPrices.Clone();
        QuoteAsset = other.QuoteAsset;
    }
}
