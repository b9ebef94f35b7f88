using MarginCall.Core.Numbers;

namespace MarginCall.Core.Model;

/// <summary>
/// The assets and perpetual markets of one venue, indexed densely by id, and its quote asset (the settlement
/// currency every value is expressed in).
/// </summary>
public sealed class Venue
{
    private readonly Asset[] assets;
    private readonly PerpetualMarket[] markets;
    private readonly ValueScale[] assetScales;

    /// <summary>Creates and validates a venue; ids must equal list positions.</summary>
    public Venue(IReadOnlyList<Asset> assets, AssetId quoteAsset, IReadOnlyList<PerpetualMarket> markets)
    {
        this.assets = [.. assets];
        this.markets = [.. markets];
        for (var i = 0; i < this.assets.Length; i++)
        {
            if (this.assets[i].Id.Value != i)
            {
                throw new ModelValidationException($"assets[{i}].id", "asset ids must be 0, 1, 2, … in list order");
            }
        }

        for (var i = 0; i < this.markets.Length; i++)
        {
            if (this.markets[i].Id.Value != i)
            {
                throw new ModelValidationException($"markets[{i}].id", "market ids must be 0, 1, 2, … in list order");
            }
        }

        if (quoteAsset.Value < 0 || quoteAsset.Value >= this.assets.Length)
        {
            throw new ModelValidationException("quoteAsset", "must name one of the assets");
        }

        Quote = this.assets[quoteAsset.Value];
        if (Quote.MaintenanceDepositWeight != Ppm.One || Quote.InitialDepositWeight != Ppm.One)
        {
            throw new ModelValidationException("quoteAsset", "the quote asset must have deposit weights of 1");
        }

        assetScales = new ValueScale[this.assets.Length];
        for (var i = 0; i < this.assets.Length; i++)
        {
            assetScales[i] = ValueScale.For(Quote.Decimals, this.assets[i].Decimals, this.assets[i].PriceDecimals);
        }
    }

    /// <summary>
    /// This venue with one more market (a listing after genesis); the market's id must be the next one. Validated as a
    /// whole, like the constructor.
    /// </summary>
    public Venue WithMarket(PerpetualMarket market) => new(assets, Quote.Id, [.. markets, market]);

    /// <summary>The settlement asset.</summary>
    public Asset Quote { get; }

    /// <summary>All assets, by id.</summary>
    public IReadOnlyList<Asset> Assets => assets;

    /// <summary>All perpetual markets, by id.</summary>
    public IReadOnlyList<PerpetualMarket> Markets => markets;

    /// <summary>The asset with this id.</summary>
    public Asset Asset(AssetId id) => assets[id.Value];

    /// <summary>The market with this id.</summary>
    public PerpetualMarket Market(MarketId id) => markets[id.Value];

    /// <summary>Converts an asset balance at its price into quote quantums.</summary>
    public ValueScale AssetScale(AssetId id) => assetScales[id.Value];
}
