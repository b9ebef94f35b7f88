using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Risk;
using MarginCall.Keeper.Reads;
using MarginCall.Keeper.Strategy;

namespace MarginCall.Keeper.Tests;

/// <summary>
/// The one builder for keeper tests: a real engine on a USDC venue (6 decimals) with one ETH-USD market (size 3
/// decimals, price 2 decimals, step 0.001 ETH, tick 0.01 USD), flat 10% initial / 5% maintenance margin, and a
/// <see cref="KeeperStrategy"/> that is fed every event the engine emits. Alice (2,200 USD) is 10 ETH long against
/// Bob at 2,000; the keeper account holds 100,000 USD.
/// </summary>
internal sealed class KeeperWorld
{
    public static readonly MarketId Eth = new(0);
    public static readonly AssetId Usdc = new(0);
    public static readonly AccountId Alice = new(1);
    public static readonly AccountId Bob = new(2);
    public static readonly AccountId Carol = new(3);
    public static readonly AccountId KeeperAccount = new(9);
    public const string KeeperId = "keeper-1";

    private long nextOrder = 1;

    public KeeperWorld(LiquidationParameters parameters, KeeperParameters? keeper = null)
    {
        Parameters = parameters with { JumpBand = new Ppm(900_000) };
        var usdc = new Asset(Usdc, "USDC", 6, 0, "USDC", Ppm.One, Ppm.One, Ppm.One, Ppm.One);
        var market = new PerpetualMarket(Eth, "ETH-USD", "ETH", 3, 2, 6, 1, 1, MarginSchedule.Flat(new Ppm(100_000), new Ppm(50_000)));
        Venue = new Venue([usdc], Usdc, [market]);
        Engine = new MarginEngine(Venue, new EngineOptions
        {
            Thresholds = new RiskThresholds(new Ppm(1_500_000), new Ppm(5_000), new Ppm(50_000)),
            DefaultParameters = Parameters,
        });
        Strategy = new KeeperStrategy(KeeperAccount, KeeperId, keeper);
        Reads = new EngineViewReads(Engine.View);
        Price(2_000m);
        Open(Alice, 2_200m);
        Open(Bob, 100_000m);
        Open(Carol, 100_000m);
        Open(KeeperAccount, 100_000m);
        Submit(new Trade(Eth, Alice, Bob, EthSize(10m), At(2_000m)));
    }

    public Venue Venue { get; }

    public MarginEngine Engine { get; }

    public LiquidationParameters Parameters { get; }

    public KeeperStrategy Strategy { get; }

    public EngineViewReads Reads { get; }

    /// <summary>Every event so far.</summary>
    public List<EngineEvent> Events { get; } = [];

    public static long Usd(decimal dollars) => (long)(dollars * 1_000_000m);

    public static long EthSize(decimal eth) => (long)(eth * 1_000m);

    public static Price At(decimal dollars) => new((long)(dollars * 100m));

    /// <summary>Submits a command and feeds its events to the strategy.</summary>
    public List<EngineEvent> Submit(Command command)
    {
        var events = Engine.Submit(command);
        Events.AddRange(events);
        Strategy.Observe(events);
        return events;
    }

    public void Open(AccountId account, decimal dollars)
    {
        Submit(new CreateAccount(account, "owner-" + account.Value));
        Submit(new Deposit(account, Usdc, Usd(dollars)));
    }

    public List<EngineEvent> Price(decimal dollars) => Submit(new OraclePrice(Eth, At(dollars), Engine.View.Now));

    public List<EngineEvent> Bid(AccountId owner, decimal price, decimal eth) =>
        Submit(new PlaceOrder(new OrderId(nextOrder++), owner, Eth, Side.Buy, At(price), EthSize(eth)));

    public List<EngineEvent> Advance(long ms) => Submit(new AdvanceTime(Engine.View.Now + ms));

    /// <summary>One round of the strategy: every command it intends, each submitted before it decides again.</summary>
    public List<Command> Round(IHedgeQuotes hedge, bool submit = true)
    {
        var commands = new List<Command>();
        Strategy.BeginRound();
        while (Strategy.Next(Reads, hedge) is { } command)
        {
            commands.Add(command);
            if (submit)
            {
                Submit(command);
            }
        }

        return commands;
    }

    public List<T> Of<T>() where T : EngineEvent => Events.OfType<T>().ToList();
}

/// <summary>Hedge quotes at one average price for any size up to <see cref="Depth"/>.</summary>
internal sealed class FlatHedge(double averagePrice, long depth = long.MaxValue) : IHedgeQuotes
{
    public long Depth { get; } = depth;

    public List<(MarketId Market, Side Side, long Size)> Asked { get; } = [];

    public HedgeQuote Peek(MarketId market, Side takerSide, long size)
    {
        Asked.Add((market, takerSide, size));
        return new HedgeQuote(Math.Min(size, Depth), averagePrice);
    }
}
