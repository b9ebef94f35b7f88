using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Risk;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>
/// The one builder for liquidation and waterfall tests: a USDC venue (6 decimals) with one ETH-USD market
/// (size 3 decimals, price 2 decimals, step 0.001 ETH, tick 0.01 USD, so 1 base quantum × 1 price unit = 10 quote
/// quantums) and flat 10% initial / 5% maintenance margin unless told otherwise; thresholds pinned to
/// <see cref="ExampleThresholds"/> so the worked examples keep their numbers. Dollar helpers keep tests readable.
/// </summary>
internal sealed class LiquidationWorld
{
    public static readonly MarketId Eth = new(0);
    public static readonly MarketId Btc = new(1);
    public static readonly AssetId Usdc = new(0);

    /// <summary>The thresholds of docs/engine.md's examples: warning 1.5, expected fee 0.5%, exit buffer 5%.</summary>
    public static readonly RiskThresholds ExampleThresholds = new(new Ppm(1_500_000), new Ppm(5_000), new Ppm(50_000));

    private long nextOrder = 1;

    public LiquidationWorld(LiquidationParameters? parameters = null, RiskThresholds? thresholds = null, MarginSchedule? schedule = null, bool fullScan = false, bool withBtc = false)
    {
        Parameters = (parameters ?? LiquidationParameters.Default) with { JumpBand = new Ppm(900_000) };
        var usdc = new Asset(Usdc, "USDC", 6, 0, "USDC", Ppm.One, Ppm.One, Ppm.One, Ppm.One);
        var market = new PerpetualMarket(Eth, "ETH-USD", "ETH", 3, 2, 6, 1, 1, schedule ?? MarginSchedule.Flat(new Ppm(100_000), new Ppm(50_000)));
        var btc = new PerpetualMarket(Btc, "BTC-USD", "BTC", 3, 2, 6, 1, 1, MarginSchedule.Flat(new Ppm(100_000), new Ppm(50_000)));
        Venue = new Venue([usdc], Usdc, withBtc ? [market, btc] : [market]);
        Engine = new MarginEngine(Venue, new EngineOptions
        {
            Thresholds = thresholds ?? ExampleThresholds,
            DefaultParameters = Parameters,
            UseFullScan = fullScan,
        });
    }

    public Venue Venue { get; }

    public MarginEngine Engine { get; }

    public LiquidationParameters Parameters { get; }

    /// <summary>Every event so far.</summary>
    public List<EngineEvent> Events { get; } = [];

    /// <summary>Σ deposits − Σ withdrawals, quote quantums.</summary>
    public long NetDeposits { get; private set; }

    public Core.Model.Account this[AccountId id] => Engine.State.Accounts[Engine.State.Accounts.SlotOf(id)];

    /// <summary>1 USD in quote quantums.</summary>
    public static long Usd(decimal dollars) => (long)(dollars * 1_000_000m);

    /// <summary>ETH in base quantums.</summary>
    public static long EthSize(decimal eth) => (long)(eth * 1_000m);

    /// <summary>A USD price in price units.</summary>
    public static Price At(decimal dollars) => new((long)(dollars * 100m));

    public List<EngineEvent> Submit(Command command)
    {
        var events = Engine.Submit(command);
        Events.AddRange(events);
        return events;
    }

    /// <summary>
    /// The worked example's accounts (docs/engine.md §6) at ETH 2,000: Alice long 10 ETH on 2,200 USDC (Bob, 100,000, is
    /// her counterparty) and Carol, 100,000, bidding 2 ETH at 1,838 and 3 ETH at 1,835.
    /// </summary>
    public (AccountId Alice, AccountId Bob, AccountId Carol) OpenWorkedExample()
    {
        Price(2_000m);
        var alice = Open(1, 2_200m);
        var bob = Open(2, 100_000m);
        var carol = Open(3, 100_000m);
        Trade(alice, bob, 10m, 2_000m);
        Bid(carol, 1_838m, 2m);
        Bid(carol, 1_835m, 3m);
        return (alice, bob, carol);
    }

    /// <summary>Opens an account and deposits <paramref name="dollars"/> of USDC.</summary>
    public AccountId Open(long id, decimal dollars)
    {
        var account = new AccountId(id);
        Submit(new CreateAccount(account, "owner-" + id));
        if (dollars > 0)
        {
            Submit(new Deposit(account, Usdc, new Quantums(Usd(dollars))));
            NetDeposits += Usd(dollars);
        }

        return account;
    }

    /// <summary>Publishes an oracle price at the current engine time.</summary>
    public List<EngineEvent> Price(decimal dollars, MarketId? market = null) => Submit(new OraclePrice(market ?? Eth, At(dollars), new EngineTime(Engine.State.Now)));

    public List<EngineEvent> Trade(AccountId buyer, AccountId seller, decimal eth, decimal price, MarginMode buyerMode = MarginMode.Cross, MarketId? market = null) =>
        Submit(new Trade(market ?? Eth, buyer, seller, EthSize(eth), At(price), buyerMode));

    public List<EngineEvent> Bid(AccountId owner, decimal price, decimal eth) =>
        Submit(new PlaceOrder(new OrderId(nextOrder++), owner, Eth, Side.Buy, At(price), EthSize(eth)));

    public List<EngineEvent> Ask(AccountId owner, decimal price, decimal eth) =>
        Submit(new PlaceOrder(new OrderId(nextOrder++), owner, Eth, Side.Sell, At(price), EthSize(eth)));

    /// <summary>
    /// Depth for the backstop's stressed exit (docs/engine.md §7.2): Deep (account 8, 1,000,000 USDC, opened on first
    /// use) rests <paramref name="eth"/> on <paramref name="side"/> at <paramref name="price"/>, far enough from the
    /// mark that no liquidation bound or unwind bound reaches it.
    /// </summary>
    public AccountId BackstopDepth(Side side, decimal price, decimal eth)
    {
        var deep = new AccountId(8);
        if (Engine.State.Accounts.SlotOf(deep) < 0)
        {
            Open(8, 1_000_000m);
        }

        Submit(new PlaceOrder(new OrderId(nextOrder++), deep, Eth, side, At(price), EthSize(eth)));
        return deep;
    }

    public List<EngineEvent> Advance(long ms) => Submit(new AdvanceTime(new EngineTime(Engine.State.Now + ms)));

    public List<EngineEvent> Set(LiquidationParameters parameters) =>
        Submit(new SetLiquidationParameters(Eth, parameters with { JumpBand = new Ppm(900_000) }));

    /// <summary>Pays into insurance fund 0 (counted as a deposit).</summary>
    public List<EngineEvent> FundInsurance(decimal dollars)
    {
        NetDeposits += Usd(dollars);
        return Submit(new FundInsurance(new FundId(0), new Quantums(Usd(dollars))));
    }

    public long Size(AccountId id, MarketId? market = null) => this[id].TryGetPosition(market ?? Eth, out var p) ? p.Size : 0;

    public LiquidationState StateOf(AccountId id) => Engine.State.Accounts.Risk(Engine.State.Accounts.SlotOf(id)).State;

    /// <summary>Insurance fund 0's balance (cash).</summary>
    public long InsuranceFund => Engine.State.InsuranceFund(0);

    /// <summary>Insurance fund 0's equity: balance + holdings at the mark.</summary>
    public long FundEquity => InsuranceFundEquity.Of(Engine.State, 0);

    /// <summary>
    /// Every quantum the venue holds: Σ spot balances + position quote balances + isolated margin over accounts,
    /// + insurance funds + keeper rewards + the funding pool. Constant apart from deposits and
    /// withdrawals.
    /// </summary>
    public long TotalValue()
    {
        var state = Engine.State;
        long total = 0;
        for (var slot = 0; slot < state.Accounts.Count; slot++)
        {
            var account = state.Accounts[slot];
            foreach (var spot in account.SpotBalances)
            {
                total = checked(total + spot.Balance);
            }

            foreach (var position in account.Positions)
            {
                total = checked(total + position.QuoteBalance + position.IsolatedMargin);
            }
        }

        foreach (var (_, balance) in state.InsuranceFunds)
        {
            total = checked(total + balance);
        }

        foreach (var (_, reward) in state.KeeperRewards)
        {
            total = checked(total + reward);
        }

        return checked(total + state.FundingPool);
    }

    public List<T> Of<T>() where T : EngineEvent => Events.OfType<T>().ToList();
}
