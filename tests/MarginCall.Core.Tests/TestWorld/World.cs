using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;

namespace MarginCall.Core.Tests.TestWorld;

/// <summary>A built venue with its prices; opens accounts and positions from human decimal text.</summary>
internal sealed class World
{
    public World(Venue venue)
    {
        Venue = venue;
        Prices = new PriceSet(venue);
    }

    public Venue Venue { get; }

    public PriceSet Prices { get; }

    public PerpetualMarket Market(string symbol) => Venue.Markets.First(m => m.Symbol == symbol);

    public Asset Asset(string symbol) => Venue.Assets.First(a => a.Symbol == symbol);

    /// <summary>An amount of the quote asset ("1000.5") in quote quantums.</summary>
    public Quantums Quote(string amount) => new(WorldBuilder.Parse(amount, Venue.Quote.Decimals, "quote amount"));

    /// <summary>A size in <paramref name="market"/>'s base quantums; negative text is a short.</summary>
    public long Size(string market, string amount) => WorldBuilder.Parse(amount, Market(market).SizeDecimals, "size");

    /// <summary>A price in <paramref name="market"/>'s price units.</summary>
    public Price Price(string market, string text) => new(WorldBuilder.Parse(text, Market(market).PriceDecimals, "price"));

    public World SetPrice(string market, string text)
    {
        Prices.SetMarket(Market(market).Id, Price(market, text));
        return this;
    }

    public World SetAssetPrice(string asset, string text)
    {
        var a = Asset(asset);
        Prices.SetAsset(a.Id, new Price(WorldBuilder.Parse(text, a.PriceDecimals, "asset price")));
        return this;
    }

    public Account NewAccount(long id = 1) => new(new AccountId(id), "owner-" + id);

    public World Deposit(Account account, string asset, string amount)
    {
        var a = Asset(asset);
        account.SetSpotBalance(a.Id, checked(account.SpotBalance(a.Id) + WorldBuilder.Parse(amount, a.Decimals, "balance")));
        return this;
    }

    /// <summary>Opens a position of signed <paramref name="size"/> at <paramref name="entryPrice"/>, funding settled.</summary>
    public PerpPosition Open(Account account, string market, string size, string entryPrice, MarginMode mode = MarginMode.Cross, string isolatedMargin = "0")
    {
        var m = Market(market);
        var s = Size(market, size);
        var position = new PerpPosition(
            m.Id, mode, s, PositionMath.QuoteBalanceAtEntry(m, s, Price(market, entryPrice)), Quote(isolatedMargin).Value, Prices.FundingIndex(m.Id));
        account.SetPosition(position);
        return position;
    }

    /// <summary>The position <paramref name="account"/> holds in <paramref name="market"/>.</summary>
    public PerpPosition Position(Account account, string market) =>
        account.TryGetPosition(Market(market).Id, out var p) ? p : throw new InvalidOperationException("no position in " + market);

    public string FormatPrice(string market, Price? price) =>
        price is { } p ? DecimalText.Format(p.Units, Market(market).PriceDecimals) : "none";

    public string FormatQuote(Quantums amount) => DecimalText.Format(amount.Value, Venue.Quote.Decimals);

    public Price? LiquidationPrice(Account account, string market) =>
        PriceSolver.LiquidationPrice(Venue, Prices, account, Position(account, market));

    public Price? BankruptcyPrice(Account account, string market) =>
        PriceSolver.BankruptcyPrice(Venue, Prices, account, Position(account, market));

    public MarginFigures Pool(Account account, string market) =>
        MarginCalculator.PoolOf(Venue, Prices, account, Position(account, market));
}
