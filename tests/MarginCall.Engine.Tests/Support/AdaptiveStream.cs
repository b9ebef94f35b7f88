using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Queries;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Engine.Tests.Support;

/// <summary>
/// A seeded random command stream over <see cref="EngineWorld"/> that reaches every part of the state: traders in cross
/// and isolated margin (some with ETH collateral, some in both markets), a thin two-sided book that a liquidity account
/// keeps refilling and cancelling, per-market parameters that escalate to Dutch auctions quickly, small insurance funds
/// (so the backstop declines and deleveraging and socialized loss run), keepers liquidating and taking auction lots,
/// funding, deposits, withdrawals, isolated transfers, execution-cost changes and markets paused and reactivated, over a path of calm moves, crashes
/// and rallies. Adaptive: a keeper takes lots it reads from the engine's view, so the stream is generated while it is
/// applied (<see cref="Run"/>), and replays (the recorded commands) are exact.
/// </summary>
public sealed class AdaptiveStream
{
    public static readonly AccountId Liquidity = new(500);
    public static readonly AccountId Keeper = new(900);

    private readonly Random random;
    private readonly List<long> orders = [];
    private long nextOrder = 1;
    private decimal btc = 50_000m;
    private decimal eth = 3_000m;
    private long time = 1_000;

    private AdaptiveStream(int seed) => random = new Random(seed);

    /// <summary>
    /// Runs the stream of <paramref name="seed"/> on a new engine; returns the commands, each command's events, the engine
    /// and the options it was built with (a replay needs the same).
    /// </summary>
    public static (List<Command> Commands, List<List<EngineEvent>> Events, MarginEngine Engine, EngineOptions Options) Run(int seed)
    {
        var stream = new AdaptiveStream(seed);
        var options = new EngineOptions
        {
            DefaultParameters = LiquidationParameters.Default with { AutoLiquidate = stream.random.Next(6) != 0 },
        };
        var engine = NewEngine(options: options);
        var commands = new List<Command>();
        var events = new List<List<EngineEvent>>();
        void Submit(Command command)
        {
            commands.Add(command);
            events.Add(engine.Submit(command));
        }

        foreach (var command in stream.Setup())
        {
            Submit(command);
        }

        var steps = stream.random.Next(30, 70);
        for (var step = 0; step < steps; step++)
        {
            foreach (var command in stream.Step(engine.View, step))
            {
                Submit(command);
            }
        }

        return (commands, events, engine, options);
    }

    private IEnumerable<Command> Setup()
    {
        foreach (var command in Opening(btc, eth))
        {
            yield return command;
        }

        foreach (var market in new[] { Btc, Eth })
        {
            yield return new SetLiquidationParameters(market, LiquidationParameters.Default with
            {
                AutoLiquidate = random.Next(6) != 0,
                BookWindowsBeforeAuction = random.Next(1, 3),
                AutoDeleverage = random.Next(4) != 0,
                AuctionDurationMs = random.Next(3, 30) * 1_000L,
                AuctionMaxResets = random.Next(0, 3),
                BackstopHealth = new Ppm(random.Next(0, 500_000)),
                InsuranceFund = random.Next(2) == 0 ? 0 : market.Value,
                WindowMs = random.Next(2, 20) * 1_000L,
            });
        }

        yield return new FundInsurance(new FundId(0), new Quantums(Usd(random.Next(0, 200))));
        yield return new CreateAccount(Liquidity, "liquidity");
        yield return new Deposit(Liquidity, Usdc, new Quantums(Usd(5_000_000m)));
        yield return new CreateAccount(Keeper, "keeper");
        yield return new Deposit(Keeper, Usdc, new Quantums(Usd(2_000_000m)));

        var traders = random.Next(6, 18);
        for (var i = 0; i < traders; i++)
        {
            var id = 10 + i;
            var market = random.Next(2) == 0 ? Btc : Eth;
            var price = market == Btc ? btc : eth;
            var collateral = random.Next(200, 20_000);
            var size = Math.Max(0.001m, Math.Round(collateral * random.Next(2, 41) / price, 3));
            var side = random.Next(2) == 0 ? 1 : -1;
            var isolated = random.Next(3) == 0;
            foreach (var command in Trader(id, isolated ? 5m : collateral, market, side * size, price, isolated ? MarginMode.Isolated : MarginMode.Cross, isolated ? collateral : 0m))
            {
                yield return command;
            }

            if (!isolated && random.Next(3) == 0)
            {
                yield return new Deposit(new AccountId(id), EthSpot, new Quantums(random.Next(1, 300) * 1_000_000L));
            }

            if (!isolated && random.Next(3) == 0)
            {
                var other = market == Btc ? Eth : Btc;
                var otherSize = Size(Math.Max(0.001m, Math.Round(collateral * random.Next(1, 10) / (other == Btc ? btc : eth), 3)));
                yield return random.Next(2) == 0
                    ? new Trade(other, new AccountId(id), MarketMaker, otherSize, Px(other == Btc ? btc : eth))
                    : new Trade(other, MarketMaker, new AccountId(id), otherSize, Px(other == Btc ? btc : eth));
            }
        }

        foreach (var command in Quotes())
        {
            yield return command;
        }
    }

    private IEnumerable<Command> Step(EngineView view, int step)
    {
        time += random.Next(1, 9) * 1_000L;
        yield return new AdvanceTime(new EngineTime(time));
        var regime = (step / 10 + random.Next(2)) % 3; // calm, crash, rally
        var drift = regime switch { 1 => -0.012, 2 => 0.008, _ => 0.0 };
        if (random.Next(15) == 0)
        {
            drift -= 0.08; // a gap: the book and the auctions cannot keep up
        }

        btc = Move(btc, drift + ((random.NextDouble() - 0.5) * 0.01));
        eth = Move(eth, drift + ((random.NextDouble() - 0.5) * 0.014));
        yield return new OraclePrice(Btc, Px(btc), new EngineTime(time));
        yield return new OraclePrice(Eth, Px(eth), new EngineTime(time));
        if (random.Next(3) == 0)
        {
            yield return new AssetPrice(EthSpot, Px(eth));
        }

        if (random.Next(2) == 0)
        {
            foreach (var command in Quotes())
            {
                yield return command;
            }
        }

        if (orders.Count > 0 && random.Next(4) == 0)
        {
            var market = random.Next(2) == 0 ? Btc : Eth;
            yield return new CancelOrder(market, new OrderId(orders[random.Next(orders.Count)]));
        }

        var lots = new List<AuctionLot>();
        view.CopyAuctionLots(lots);
        foreach (var lot in lots)
        {
            if (random.Next(3) != 0)
            {
                var size = random.Next(2) == 0 ? lot.Size : Math.Max(1_000, lot.Size / 2 / 1_000 * 1_000);
                yield return new TakeAuctionLot(Keeper, new Engine.Liquidation.LotId(lot.Id), size, new Price(lot.LiquidatingLong ? long.MaxValue : 1));
            }
        }

        var trader = new AccountId(10 + random.Next(12));
        switch (random.Next(14))
        {
            case 0:
            case 1:
                yield return new UpdateFunding(random.Next(2) == 0 ? Btc : Eth, random.Next(-3_000, 3_000));
                break;
            case 2:
                yield return new Deposit(trader, Usdc, new Quantums(random.Next(1, 500) * 1_000_000L));
                break;
            case 3:
                yield return new Withdraw(trader, Usdc, new Quantums(random.Next(1, 500) * 1_000_000L));
                break;
            case 4:
                yield return new TransferIsolatedMargin(trader, random.Next(2) == 0 ? Btc : Eth, new Quantums(random.Next(-200, 200) * 1_000_000L));
                break;
            case 5:
            case 6:
                yield return new KeeperLiquidate("keeper-" + random.Next(3), trader);
                break;
            case 7:
                yield return new SetExecutionCost(new Quantums(random.Next(0, 5) * 100_000L));
                break;
            case 8:
                yield return new FundInsurance(new FundId(random.Next(2)), new Quantums(Usd(random.Next(1, 100))));
                break;
            case 9:
                var other = new AccountId(10 + random.Next(12));
                var market = random.Next(2) == 0 ? Btc : Eth;
                yield return new Trade(market, trader, other, random.Next(1, 50) * 1_000L, Px(market == Btc ? btc : eth));
                break;
            case 10:
                // Mostly reactivations, so a paused market does not stay paused for long (a repeated status is refused).
                yield return new SetMarketStatus(random.Next(2) == 0 ? Btc : Eth, random.Next(3) == 0 ? MarketStatus.Paused : MarketStatus.Active);
                break;
        }
    }

    /// <summary>One to three thin levels a side around each market's price, sizes 0.001–0.05 (a small fraction of the traders' positions).</summary>
    private IEnumerable<Command> Quotes()
    {
        foreach (var market in new[] { Btc, Eth })
        {
            var price = market == Btc ? btc : eth;
            var levels = random.Next(1, 4);
            for (var k = 0; k < levels; k++)
            {
                var offset = price * (0.001m + (0.004m * k) + (decimal)(random.NextDouble() * 0.003));
                var size = random.Next(1, 50) * 1_000L;
                yield return Order(market, Side.Buy, Math.Max(1m, Math.Round(price - offset, 2)), size);
                yield return Order(market, Side.Sell, Math.Round(price + offset, 2), size);
            }
        }
    }

    private PlaceOrder Order(MarketId market, Side side, decimal price, long size)
    {
        var id = nextOrder++;
        orders.Add(id);
        return new PlaceOrder(new OrderId(id), Liquidity, market, side, Px(price), size);
    }

    private static decimal Move(decimal price, double relative) =>
        Math.Max(1m, Math.Round(price * (1m + (decimal)relative), 2));
}
