using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using static MarginCall.Cli.Inspect.JsonFields;

namespace MarginCall.Cli.Inspect;

/// <summary>
/// The input of <c>margincall inspect</c> (schema in docs/inspect.md) mapped onto the Core model: a venue, its prices
/// and accounts. Every refusal is an <see cref="InspectInputException"/> naming the field path.
/// </summary>
internal sealed class InspectDocument
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private InspectDocument(Venue venue, PriceSet prices, IReadOnlyList<Account> accounts)
    {
        Venue = venue;
        Prices = prices;
        Accounts = accounts;
    }

    public Venue Venue { get; }

    public PriceSet Prices { get; }

    public IReadOnlyList<Account> Accounts { get; }

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    public static InspectDocument Parse(string json)
    {
        // What JsonDocument accepts silently: a key given twice (the last would win), a number beyond a double.
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        if (Simulation.Scenarios.StrictJson.Check(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow }, refuseNull: false) is { } strict
            && !strict.Message.StartsWith("malformed", StringComparison.Ordinal))
        {
            throw new InspectInputException(strict.Path.StartsWith("$.", StringComparison.Ordinal) ? strict.Path[2..] : strict.Path, strict.Message);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            // LineNumber and BytePositionInLine are zero-based.
            var where = $"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}";
            throw new InspectInputException("$", $"malformed JSON at {where}");
        }

        using (document)
        {
            var root = Object(document.RootElement, "$");
            OnlyKnown(root, "$", "quote", "assets", "markets", "prices", "accounts");
            var fundingIndices = new List<long>();
            var venue = ReadVenue(root, fundingIndices);
            var prices = ReadPrices(Object(Required(root, "prices", "$"), "prices"), venue);
            for (var m = 0; m < fundingIndices.Count; m++)
            {
                prices.SetFundingIndex(new MarketId(m), fundingIndices[m]);
            }

            var accounts = ReadAccounts(Array(Required(root, "accounts", "$"), "accounts"), venue, prices);
            return new InspectDocument(venue, prices, accounts);
        }
    }

    /// <summary>The venue; each market's funding index (a market input, not part of its definition) goes to <paramref name="fundingIndices"/>.</summary>
    private static Venue ReadVenue(JsonElement root, List<long> fundingIndices)
    {
        var quote = Object(Required(root, "quote", "$"), "quote");
        OnlyKnown(quote, "quote", "symbol", "decimals");
        var quoteSymbol = String(Required(quote, "symbol", "quote"), "quote.symbol");
        var quoteDecimals = Int(Required(quote, "decimals", "quote"), "quote.decimals", 0, 18);
        var assets = new List<Asset> { new(new AssetId(0), quoteSymbol, quoteDecimals, 0, quoteSymbol, Ppm.One, Ppm.One, Ppm.One, Ppm.One) };
        if (TryOptional(root, "assets", out var assetArray))
        {
            var i = 0;
            foreach (var element in Array(assetArray, "assets").EnumerateArray())
            {
                assets.Add(ReadAsset(element, $"assets[{i++}]", assets));
            }
        }

        var markets = new List<PerpetualMarket>();
        var m = 0;
        foreach (var element in Array(Required(root, "markets", "$"), "markets").EnumerateArray())
        {
            markets.Add(ReadMarket(element, $"markets[{m++}]", quoteDecimals, markets, fundingIndices));
        }

        return new Venue(assets, new AssetId(0), markets);
    }

    private static Asset ReadAsset(JsonElement element, string path, List<Asset> existing)
    {
        var obj = Object(element, path);
        OnlyKnown(obj, path, "symbol", "decimals", "priceDecimals", "initialDepositWeight", "maintenanceDepositWeight", "initialBorrowWeight", "maintenanceBorrowWeight");
        var symbol = String(Required(obj, "symbol", path), path + ".symbol");
        if (existing.Exists(a => a.Symbol == symbol))
        {
            throw new InspectInputException(path + ".symbol", $"duplicate asset '{symbol}'");
        }

        Ppm Weight(string name) => TryOptional(obj, name, out var w) ? new Ppm(Decimal(w, $"{path}.{name}", 6, "ppm")) : Ppm.One;
        return Model(path, () => new Asset(
            new AssetId(existing.Count),
            symbol,
            Int(Required(obj, "decimals", path), path + ".decimals", 0, 18),
            Int(Required(obj, "priceDecimals", path), path + ".priceDecimals", 0, 18),
            symbol,
            Weight("initialDepositWeight"),
            Weight("maintenanceDepositWeight"),
            Weight("initialBorrowWeight"),
            Weight("maintenanceBorrowWeight")));
    }

    private static PerpetualMarket ReadMarket(JsonElement element, string path, int quoteDecimals, List<PerpetualMarket> existing, List<long> fundingIndices)
    {
        var obj = Object(element, path);
        OnlyKnown(obj, path, "symbol", "sizeDecimals", "priceDecimals", "stepSize", "tickSize", "tiers", "continuousDeductions", "fundingIndex");
        var symbol = String(Required(obj, "symbol", path), path + ".symbol");
        if (existing.Exists(x => x.Symbol == symbol))
        {
            throw new InspectInputException(path + ".symbol", $"duplicate market '{symbol}'");
        }

        var sizeDecimals = Int(Required(obj, "sizeDecimals", path), path + ".sizeDecimals", 0, 18);
        var priceDecimals = Int(Required(obj, "priceDecimals", path), path + ".priceDecimals", 0, 18);
        var step = PositiveDecimal(Required(obj, "stepSize", path), path + ".stepSize", sizeDecimals, "size quantum");
        var tick = PositiveDecimal(Required(obj, "tickSize", path), path + ".tickSize", priceDecimals, "price unit");
        var continuous = TryOptional(obj, "continuousDeductions", out var c) && Bool(c, path + ".continuousDeductions");
        var schedule = ReadSchedule(Array(Required(obj, "tiers", path), path + ".tiers"), path, quoteDecimals, continuous);
        var market = Model(path, () => new PerpetualMarket(new MarketId(existing.Count), symbol, symbol, sizeDecimals, priceDecimals, quoteDecimals, step, tick, schedule));
        fundingIndices.Add(TryOptional(obj, "fundingIndex", out var funding) ? Decimal(funding, path + ".fundingIndex", priceDecimals, "price unit") : 0);
        return market;
    }

    private static MarginSchedule ReadSchedule(JsonElement tiers, string marketPath, int quoteDecimals, bool continuous)
    {
        var count = tiers.GetArrayLength();
        var bands = new List<(Quantums Cap, Ppm Initial, Ppm Maintenance)>();
        var explicitTiers = new List<MarginTier>();
        var i = 0;
        foreach (var element in tiers.EnumerateArray())
        {
            var path = $"{marketPath}.tiers[{i}]";
            var obj = Object(element, path);
            OnlyKnown(obj, path, "notionalCap", "initialRate", "maintenanceRate", "initialDeduction", "maintenanceDeduction");
            var last = i == count - 1;
            var cap = last && !TryOptional(obj, "notionalCap", out _)
                ? new Quantums(long.MaxValue)
                : new Quantums(PositiveDecimal(Required(obj, "notionalCap", path), path + ".notionalCap", quoteDecimals, "quote quantum"));
            var initial = new Ppm(Decimal(Required(obj, "initialRate", path), path + ".initialRate", 6, "ppm"));
            var maintenance = new Ppm(Decimal(Required(obj, "maintenanceRate", path), path + ".maintenanceRate", 6, "ppm"));
            if (continuous && (TryOptional(obj, "initialDeduction", out _) || TryOptional(obj, "maintenanceDeduction", out _)))
            {
                throw new InspectInputException(path, "deductions are derived when continuousDeductions is true; remove them");
            }

            Quantums Deduction(string name) => TryOptional(obj, name, out var d)
                ? new Quantums(Decimal(d, $"{path}.{name}", quoteDecimals, "quote quantum"))
                : Quantums.Zero;
            bands.Add((cap, initial, maintenance));
            explicitTiers.Add(new MarginTier(cap, initial, maintenance, Deduction("initialDeduction"), Deduction("maintenanceDeduction")));
            i++;
        }

        return Model(marketPath, () => continuous ? MarginSchedule.Continuous(bands) : new MarginSchedule(explicitTiers));
    }

    private static PriceSet ReadPrices(JsonElement obj, Venue venue)
    {
        OnlyKnown(obj, "prices", "markets", "assets");
        var prices = new PriceSet(venue);
        var markets = Object(Required(obj, "markets", "prices"), "prices.markets");
        foreach (var property in markets.EnumerateObject())
        {
            var path = $"prices.markets.{property.Name}";
            var market = MarketBySymbol(venue, property.Name, path);
            prices.SetMarket(market.Id, new Price(PositiveDecimal(property.Value, path, market.PriceDecimals, "tick", market.TickSize)));
        }

        foreach (var market in venue.Markets)
        {
            if (prices.Market(market.Id).Units == 0)
            {
                throw new InspectInputException($"prices.markets.{market.Symbol}", "missing price");
            }
        }

        if (TryOptional(obj, "assets", out var assetPrices))
        {
            foreach (var property in Object(assetPrices, "prices.assets").EnumerateObject())
            {
                var path = $"prices.assets.{property.Name}";
                var asset = AssetBySymbol(venue, property.Name, path);
                if (asset.Id == venue.Quote.Id)
                {
                    throw new InspectInputException(path, "the quote asset is priced at 1; remove it");
                }

                prices.SetAsset(asset.Id, new Price(PositiveDecimal(property.Value, path, asset.PriceDecimals, "price unit")));
            }
        }

        foreach (var asset in venue.Assets)
        {
            if (prices.Asset(asset.Id).Units == 0)
            {
                throw new InspectInputException($"prices.assets.{asset.Symbol}", "missing price");
            }
        }

        return prices;
    }

    private static List<Account> ReadAccounts(JsonElement array, Venue venue, PriceSet prices)
    {
        var accounts = new List<Account>();
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = $"accounts[{i++}]";
            var obj = Object(element, path);
            OnlyKnown(obj, path, "id", "owner", "balances", "positions");
            var id = new AccountId(Long(Required(obj, "id", path), path + ".id"));
            if (accounts.Exists(a => a.Id == id))
            {
                throw new InspectInputException(path + ".id", $"duplicate account id {id}");
            }

            var owner = String(Required(obj, "owner", path), path + ".owner");
            // A repeated asset name keeps its last value, as JSON readers conventionally do.
            var spots = new SortedDictionary<int, long>();
            if (TryOptional(obj, "balances", out var balances))
            {
                foreach (var property in Object(balances, path + ".balances").EnumerateObject())
                {
                    var balancePath = $"{path}.balances.{property.Name}";
                    var asset = AssetBySymbol(venue, property.Name, balancePath);
                    spots[asset.Id.Value] = Decimal(property.Value, balancePath, asset.Decimals, "quantum");
                }
            }

            var held = new List<PerpPosition>();
            if (TryOptional(obj, "positions", out var positions))
            {
                var p = 0;
                foreach (var position in Array(positions, path + ".positions").EnumerateArray())
                {
                    held.Add(ReadPosition(held, position, $"{path}.positions[{p++}]", venue, prices));
                }
            }

            SpotBalance[] spotBalances = [.. spots.Select(s => new SpotBalance(new AssetId(s.Key), s.Value))];
            accounts.Add(new Account(id, owner, spotBalances, [.. held]));
        }

        return accounts;
    }

    private static PerpPosition ReadPosition(List<PerpPosition> held, JsonElement element, string path, Venue venue, PriceSet prices)
    {
        var obj = Object(element, path);
        OnlyKnown(obj, path, "market", "size", "entryPrice", "mode", "isolatedMargin", "lastFundingIndex");
        var market = MarketBySymbol(venue, String(Required(obj, "market", path), path + ".market"), path + ".market");
        if (held.Exists(h => h.Market == market.Id))
        {
            throw new InspectInputException(path + ".market", $"a second position in {market.Symbol}; one position per market");
        }

        var size = Decimal(Required(obj, "size", path), path + ".size", market.SizeDecimals, "step", market.StepSize);
        if (size == 0)
        {
            throw new InspectInputException(path + ".size", "must not be zero");
        }

        var entry = new Price(PositiveDecimal(Required(obj, "entryPrice", path), path + ".entryPrice", market.PriceDecimals, "tick", market.TickSize));
        var mode = String(Required(obj, "mode", path), path + ".mode") switch
        {
            "cross" => MarginMode.Cross,
            "isolated" => MarginMode.Isolated,
            var other => throw new InspectInputException(path + ".mode", $"must be \"cross\" or \"isolated\", got \"{other}\""),
        };
        var isolatedMargin = 0L;
        if (TryOptional(obj, "isolatedMargin", out var margin))
        {
            if (mode != MarginMode.Isolated)
            {
                throw new InspectInputException(path + ".isolatedMargin", "only an isolated position holds isolated margin");
            }

            isolatedMargin = Decimal(margin, path + ".isolatedMargin", venue.Quote.Decimals, "quote quantum");
            if (isolatedMargin < 0)
            {
                throw new InspectInputException(path + ".isolatedMargin", "must not be negative");
            }
        }

        var lastFunding = TryOptional(obj, "lastFundingIndex", out var f)
            ? Decimal(f, path + ".lastFundingIndex", market.PriceDecimals, "price unit")
            : prices.FundingIndex(market.Id);
        long quoteBalance;
        try
        {
            quoteBalance = PositionMath.QuoteBalanceAtEntry(market, size, entry);
        }
        catch (OverflowException)
        {
            throw new InspectInputException(path, "size × entryPrice does not fit in 64-bit quote quantums");
        }

        return new PerpPosition(market.Id, mode, size, quoteBalance, isolatedMargin, lastFunding);
    }

    private static PerpetualMarket MarketBySymbol(Venue venue, string symbol, string path)
    {
        foreach (var market in venue.Markets)
        {
            if (market.Symbol == symbol)
            {
                return market;
            }
        }

        throw new InspectInputException(path, $"unknown market '{symbol}'");
    }

    private static Asset AssetBySymbol(Venue venue, string symbol, string path)
    {
        foreach (var asset in venue.Assets)
        {
            if (asset.Symbol == symbol)
            {
                return asset;
            }
        }

        throw new InspectInputException(path, $"unknown asset '{symbol}'");
    }

    /// <summary>Runs a Core constructor, re-raising its validation failure under the JSON path.</summary>
    private static T Model<T>(string path, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ModelValidationException e)
        {
            throw new InspectInputException($"{path}.{e.Field}", e.Message[(e.Field.Length + 2)..]);
        }
    }
}
