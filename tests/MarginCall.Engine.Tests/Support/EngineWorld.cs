using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Engine.Tests.Support;

/// <summary>
/// A small venue for engine tests: USDC quote (6 decimals), BTC-USD and ETH-USD perpetuals (size 6 decimals, price
/// 2 decimals, so value in USDC quantums = size × price / 100) with two-tier continuous schedules, and an ETH spot
/// asset with a 10% maintenance haircut. Helpers speak human units ("65000.00", "0.5") to keep tests readable.
/// </summary>
public static class EngineWorld
{
    public static readonly AssetId Usdc = new(0);
    public static readonly AssetId EthSpot = new(1);
    public static readonly MarketId Btc = new(0);
    public static readonly MarketId Eth = new(1);
    public static readonly AccountId MarketMaker = new(1_000_000);

    public static Venue Venue()
    {
        var assets = new[]
        {
            new Asset(Usdc, "USDC", 6, 0, "USDC", Ppm.One, Ppm.One, Ppm.One, Ppm.One),
            new Asset(EthSpot, "ETH", 8, 2, "ETH-USD", new Ppm(800_000), new Ppm(900_000), new Ppm(1_200_000), new Ppm(1_100_000)),
        };
        var markets = new[]
        {
            Market(Btc, "BTC-USD", Usd(1_000_000)),
            Market(Eth, "ETH-USD", Usd(500_000)),
        };
        return new Venue(assets, Usdc, markets);
    }

    public static MarginEngine NewEngine(bool fullScan = false, EngineOptions? options = null) =>
        new(Venue(), (options ?? new EngineOptions()) with { UseFullScan = fullScan });

    /// <summary>USDC amount in quantums.</summary>
    public static long Usd(decimal amount) => checked((long)(amount * 1_000_000m));

    /// <summary>A perp price in price units (2 decimals).</summary>
    public static Price Px(decimal price) => new(checked((long)(price * 100m)));

    /// <summary>A perp size in base quantums (6 decimals).</summary>
    public static long Size(decimal size) => checked((long)(size * 1_000_000m));

    /// <summary>Commands that open a market maker with deep collateral, at time 0 with fresh prices.</summary>
    public static IEnumerable<Command> Opening(decimal btc = 50_000m, decimal eth = 3_000m)
    {
        yield return new AdvanceTime(new EngineTime(1_000));
        yield return new OraclePrice(Btc, Px(btc), new EngineTime(1_000));
        yield return new OraclePrice(Eth, Px(eth), new EngineTime(1_000));
        yield return new AssetPrice(EthSpot, Px(eth));
        yield return new CreateAccount(MarketMaker, "maker");
        yield return new Deposit(MarketMaker, Usdc, new Quantums(Usd(1_000_000_000m)));
    }

    /// <summary>Commands that open a trader with <paramref name="collateral"/> USDC and a position against the maker.</summary>
    public static IEnumerable<Command> Trader(long id, decimal collateral, MarketId market, decimal size, decimal price, MarginMode mode = MarginMode.Cross, decimal isolatedMargin = 0m)
    {
        var account = new AccountId(id);
        yield return new CreateAccount(account, $"owner-{id}");
        yield return new Deposit(account, Usdc, new Quantums(Usd(collateral + isolatedMargin)));
        var buyer = size > 0 ? account : MarketMaker;
        var seller = size > 0 ? MarketMaker : account;
        var margin = Usd(isolatedMargin);
        yield return size > 0
            ? new Trade(market, buyer, seller, Size(size), Px(price), mode, MarginMode.Cross, BuyerIsolatedMargin: new Quantums(margin))
            : new Trade(market, buyer, seller, Size(-size), Px(price), MarginMode.Cross, mode, SellerIsolatedMargin: new Quantums(margin));
    }

    public static List<EngineEvent> Run(MarginEngine engine, IEnumerable<Command> commands)
    {
        var events = new List<EngineEvent>();
        foreach (var command in commands)
        {
            engine.Submit(command, events);
        }

        return events;
    }

    public static PerpetualMarket Market(MarketId id, string symbol, long firstCap) =>
        new(id, symbol, symbol, sizeDecimals: 6, priceDecimals: 2, quoteDecimals: 6, stepSize: 1_000, tickSize: 1,
            MarginSchedule.Continuous([
                (new Quantums(firstCap), new Ppm(20_000), new Ppm(10_000)),
                (new Quantums(long.MaxValue), new Ppm(50_000), new Ppm(25_000)),
            ]));
}
