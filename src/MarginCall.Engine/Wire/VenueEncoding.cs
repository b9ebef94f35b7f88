using MarginCall.Core.Model;

namespace MarginCall.Engine.Wire;

/// <summary>
/// The venue definition field by field: the assets (id, symbol, decimals, price decimals, oracle, the four weights in
/// ppm), the quote asset's id, then the markets (id, symbol, oracle, size/price/quote decimals, step and tick size, the
/// margin tiers: cap, initial and maintenance rate, initial and maintenance deduction). Lists are a count
/// (<see cref="WireWriter.WriteLength"/>) followed by the items. Funding indices are engine state, not definition, and
/// are not part of it. Decoding runs the model's constructors, so a definition that decodes is valid; one that does not
/// throws a <see cref="WireFormatException"/> naming the field (<c>venue.markets[1].tiers[0].maintenanceRate</c>).
/// </summary>
public static class VenueEncoding
{
    /// <summary>Most assets, markets or tiers a definition may list (a bound for hostile counts).</summary>
    public const int MaxItems = 1 << 16;

    /// <summary>Writes the whole venue.</summary>
    public static void Write(in WireWriter w, Venue venue)
    {
        w.WriteLength(venue.Assets.Count);
        foreach (var asset in venue.Assets)
        {
            WriteAsset(w, asset);
        }

        w.WriteAssetId(venue.Quote.Id);
        w.WriteLength(venue.Markets.Count);
        foreach (var market in venue.Markets)
        {
            WriteMarket(w, market);
        }
    }

    /// <summary>Reads a venue.</summary>
    public static Venue Read(ref WireReader r)
    {
        var assets = new Asset[r.ReadLength("venue.assets", MaxItems)];
        for (var i = 0; i < assets.Length; i++)
        {
            assets[i] = ReadAsset(ref r, $"venue.assets[{i}]");
        }

        var quote = r.ReadAssetId("venue.quoteAsset");
        var markets = new PerpetualMarket[r.ReadLength("venue.markets", MaxItems)];
        for (var i = 0; i < markets.Length; i++)
        {
            markets[i] = ReadMarket(ref r, $"venue.markets[{i}]");
        }

        var at = r.Position;
        return Build("venue", at, () => new Venue(assets, quote, markets));
    }

    /// <summary>Writes one asset.</summary>
    public static void WriteAsset(in WireWriter w, Asset asset)
    {
        w.WriteAssetId(asset.Id);
        w.WriteString(asset.Symbol);
        w.WriteInt32(asset.Decimals);
        w.WriteInt32(asset.PriceDecimals);
        w.WriteString(asset.Oracle);
        w.WritePpm(asset.InitialDepositWeight);
        w.WritePpm(asset.MaintenanceDepositWeight);
        w.WritePpm(asset.InitialBorrowWeight);
        w.WritePpm(asset.MaintenanceBorrowWeight);
    }

    /// <summary>Reads one asset; <paramref name="path"/> prefixes the field named by an error.</summary>
    public static Asset ReadAsset(ref WireReader r, string path)
    {
        var at = r.Position;
        var id = r.ReadAssetId(path + ".id");
        var symbol = r.ReadString(path + ".symbol");
        var decimals = r.ReadInt32(path + ".decimals");
        var priceDecimals = r.ReadInt32(path + ".priceDecimals");
        var oracle = r.ReadString(path + ".oracle");
        var initialDeposit = r.ReadPpm(path + ".initialDepositWeight");
        var maintenanceDeposit = r.ReadPpm(path + ".maintenanceDepositWeight");
        var initialBorrow = r.ReadPpm(path + ".initialBorrowWeight");
        var maintenanceBorrow = r.ReadPpm(path + ".maintenanceBorrowWeight");
        return Build(path, at, () => new Asset(id, symbol, decimals, priceDecimals, oracle, initialDeposit, maintenanceDeposit, initialBorrow, maintenanceBorrow));
    }

    /// <summary>Writes one market definition.</summary>
    public static void WriteMarket(in WireWriter w, PerpetualMarket market)
    {
        w.WriteMarketId(market.Id);
        w.WriteString(market.Symbol);
        w.WriteString(market.Oracle);
        w.WriteInt32(market.SizeDecimals);
        w.WriteInt32(market.PriceDecimals);
        w.WriteInt32(market.QuoteDecimals);
        w.WriteInt64(market.StepSize);
        w.WriteInt64(market.TickSize);
        var tiers = market.Margin.Tiers;
        w.WriteLength(tiers.Length);
        foreach (var tier in tiers)
        {
            w.WriteQuantums(tier.NotionalCap);
            w.WritePpm(tier.InitialRate);
            w.WritePpm(tier.MaintenanceRate);
            w.WriteQuantums(tier.InitialDeduction);
            w.WriteQuantums(tier.MaintenanceDeduction);
        }
    }

    /// <summary>Reads one market definition; <paramref name="path"/> prefixes the field named by an error.</summary>
    public static PerpetualMarket ReadMarket(ref WireReader r, string path)
    {
        var at = r.Position;
        var id = r.ReadMarketId(path + ".id");
        var symbol = r.ReadString(path + ".symbol");
        var oracle = r.ReadString(path + ".oracle");
        var sizeDecimals = r.ReadInt32(path + ".sizeDecimals");
        var priceDecimals = r.ReadInt32(path + ".priceDecimals");
        var quoteDecimals = r.ReadInt32(path + ".quoteDecimals");
        var stepSize = r.ReadInt64(path + ".stepSize");
        var tickSize = r.ReadInt64(path + ".tickSize");
        var tiers = new MarginTier[r.ReadLength(path + ".tiers", MaxItems)];
        for (var i = 0; i < tiers.Length; i++)
        {
            var tier = $"{path}.tiers[{i}]";
            tiers[i] = new MarginTier(
                r.ReadQuantums(tier + ".notionalCap"),
                r.ReadPpm(tier + ".initialRate"),
                r.ReadPpm(tier + ".maintenanceRate"),
                r.ReadQuantums(tier + ".initialDeduction"),
                r.ReadQuantums(tier + ".maintenanceDeduction"));
        }

        return Build(path, at, () => new PerpetualMarket(id, symbol, oracle, sizeDecimals, priceDecimals, quoteDecimals, stepSize, tickSize, new MarginSchedule(tiers)));
    }

    // The model's constructors validate; their errors name a field relative to the item, so the path is prefixed.
    private static T Build<T>(string path, int offset, Func<T> construct)
    {
        try
        {
            return construct();
        }
        catch (ModelValidationException e)
        {
            throw new WireFormatException($"{path}.{e.Field}", offset, e.Message, e);
        }
    }
}
