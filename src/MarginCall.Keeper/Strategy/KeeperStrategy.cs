using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Keeper.Strategy;

/// <summary>
/// The keeper's decisions, shared by the simulator and a keeper client (no I/O, no clock, no engine access). It is fed
/// the engine's events in order (<see cref="Observe(EngineEvent)"/>) and keeps its own view from them: engine time,
/// the open auction lots, the accounts in liquidation, what it took and what it earned. It reads the rest through
/// <see cref="IKeeperReads"/>, prices hedges through <see cref="IHedgeQuotes"/>, and answers with the commands it
/// intends to send; the host submits them (or not) and feeds back the events.
/// <para>
/// A round (<see cref="BeginRound"/>, then <see cref="Next"/> until it returns null) goes over:
/// </para>
/// <list type="number">
/// <item>accounts in liquidation that have a position in a market where the engine waits for keepers
/// (<see cref="LiquidationParameters.AutoLiquidate"/> off) with a fresh oracle: a <see cref="KeeperLiquidate"/> when
/// the expected reward (<see cref="LiquidationReward"/>) covers the execution cost plus
/// <see cref="KeeperParameters.MinimumLiquidationProfit"/>, at most once per account per liquidation window (a step
/// the window limits leave empty pays nothing; asking again inside the window would be a retry storm; a step any
/// keeper requested, this one included as its events replay after a restart, counts as this window's). Where the
/// engine liquidates by itself it has already stepped the account in the command that made it liquidatable, and
/// steps it again on every time advance;</item>
/// <item>the auction lots open when this phase starts, by id: the lot's current price by the engine's own
/// <see cref="DutchAuction.PriceAt"/>, and the largest size (halving from the whole lot, or from the room left under
/// <see cref="KeeperParameters.MaximumInventory"/>, in whole steps) whose hedge
/// fills in full and leaves <see cref="KeeperParameters.MinimumAuctionProfit"/>: a <see cref="TakeAuctionLot"/> at that
/// price as its limit. A lot closed by an earlier command of the round, or on a market whose oracle is stale (the
/// engine refuses takes there), is skipped.</item>
/// </list>
/// After each command the host feeds the events back; what the engine let the keeper take is then waiting in
/// <see cref="TryTakeFill"/> for the host to hedge.
/// </summary>
public sealed class KeeperStrategy
{
    private readonly SortedDictionary<long, OpenLot> lots = [];
    private readonly SortedSet<long> inLiquidation = [];
    private readonly Dictionary<long, long> lastRequestMs = [];
    private readonly Dictionary<long, long> inventory = [];
    private readonly Queue<KeeperFill> unhedged = new();
    private readonly List<long> roundLots = [];
    private readonly List<long> roundAccounts = [];
    private readonly double minimumAuctionProfit;
    private RoundPhase phase = RoundPhase.Done;
    private int cursor;
    private long now;
    private long rewards;

    /// <summary>A keeper acting for <paramref name="account"/>, known to the engine as <paramref name="keeperId"/>.</summary>
    /// <param name="account">The account that takes lots (it must exist and hold collateral).</param>
    /// <param name="keeperId">The keeper id its liquidation requests carry (and its rewards are booked under).</param>
    /// <param name="parameters">Its margins.</param>
    /// <param name="nowMs">Engine time when it starts following the stream (0 from genesis).</param>
    public KeeperStrategy(AccountId account, string keeperId, KeeperParameters? parameters = null, long nowMs = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keeperId);
        Account = account;
        KeeperId = keeperId;
        Parameters = parameters ?? KeeperParameters.Default;
        if (Parameters.MinimumAuctionProfit.Value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), Parameters.MinimumAuctionProfit, "MinimumAuctionProfit must not be negative");
        }

        if (Parameters.MaximumInventory < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), Parameters.MaximumInventory, "MaximumInventory must not be negative");
        }

        minimumAuctionProfit = Parameters.MinimumAuctionProfit.Value / (double)Ppm.OneValue;
        now = nowMs;
    }

    private enum RoundPhase
    {
        Liquidations,
        Lots,
        Done,
    }

    /// <summary>The keeper's account.</summary>
    public AccountId Account { get; }

    /// <summary>The keeper id its requests carry.</summary>
    public string KeeperId { get; }

    /// <summary>Its margins.</summary>
    public KeeperParameters Parameters { get; }

    /// <summary>Engine time as the events have told it, milliseconds.</summary>
    public long Now => now;

    /// <summary>Rewards the events credited to this keeper (fee shares and auction incentives), quote quantums.</summary>
    public Quantums Rewards => new(rewards);

    /// <summary>Open auction lots as the events tell them, by id.</summary>
    public IReadOnlyCollection<OpenLot> OpenLots => lots.Values;

    /// <summary>Accounts in Liquidatable, InLiquidation or Bankrupt as the events tell them, by id.</summary>
    public IReadOnlyCollection<long> AccountsInLiquidation => inLiquidation;

    /// <summary>The keeper's position in a market from its takes, its trades and its resting orders' liquidation fills, signed base quantums.</summary>
    public long Inventory(MarketId market) => inventory.GetValueOrDefault(market.Value);

    /// <summary>Feeds a batch of events, in order.</summary>
    public void Observe(IReadOnlyList<EngineEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            Observe(events[i]);
        }
    }

    /// <summary>Feeds one event; every event the engine emits must pass here once, in sequence order.</summary>
    public void Observe(EngineEvent e)
    {
        switch (e)
        {
            case TimeAdvanced t:
                now = t.Time.Milliseconds;
                break;
            case AuctionLotOpened o:
                lots[o.Lot.Value] = new OpenLot(o.Lot.Value, o.Account, o.Market, o.LiquidatingLong, o.Size, o.Start, o.End, now);
                if (o.Keeper == KeeperId)
                {
                    rewards = checked(rewards + o.Incentive.Value);
                }

                break;
            case AuctionLotReset r when lots.TryGetValue(r.Lot.Value, out var lot):
                lots[r.Lot.Value] = lot with { Start = r.Start, End = r.End, StartMs = now };
                break;
            case AuctionLotTaken t when lots.TryGetValue(t.Lot.Value, out var lot):
                lots[t.Lot.Value] = lot with { Size = t.Remaining };
                if (t.Taker == Account)
                {
                    AddInventory(lot.Market, lot.LiquidatingLong ? t.Size : -t.Size);
                    unhedged.Enqueue(new KeeperFill(t.Lot.Value, lot.Market, lot.LiquidatingLong, t.Size, t.Price));
                }

                break;
            case AuctionLotClosed c:
                lots.Remove(c.Lot.Value);
                break;
            case LiquidationStateChanged s:
                if (s.To >= LiquidationState.Liquidatable)
                {
                    inLiquidation.Add(s.Account.Value);
                }
                else
                {
                    inLiquidation.Remove(s.Account.Value);
                    lastRequestMs.Remove(s.Account.Value);
                }

                break;
            case LiquidationStep step:
                // A liquidation swept the book: a resting order of the keeper (a hedge) was a maker of it, opposite the
                // liquidated position (a long is sold into the bids).
                foreach (var fill in step.Fills)
                {
                    if (fill.Maker == Account)
                    {
                        AddInventory(step.Market, step.PositionSize > 0 ? fill.Size : -fill.Size);
                    }
                }

                if (step.Keeper == KeeperId)
                {
                    rewards = checked(rewards + step.Fee.KeeperShare.Value);
                }

                if (step.Keeper is not null)
                {
                    // A keeper stepped the account: this window's step is taken (asking again would be empty). Another
                    // keeper's step, or this keeper's own as a restarted client replays it: the window is known from the
                    // events alone, not from what this process remembers having sent.
                    lastRequestMs[step.Account.Value] = now;
                }

                break;
            case TradeSettled trade when trade.Buyer == Account || trade.Seller == Account:
                AddInventory(trade.Market, trade.Buyer == Account ? trade.Size : -trade.Size);
                break;
        }
    }

    /// <summary>Starts a round of decisions (ends any round still open).</summary>
    public void BeginRound()
    {
        phase = RoundPhase.Liquidations;
        cursor = 0;
        roundAccounts.Clear();
        roundAccounts.AddRange(inLiquidation);
    }

    /// <summary>
    /// The next command the keeper intends to send this round, or null when the round is done. Feed the command's events
    /// to <see cref="Observe(EngineEvent)"/> before asking again: later decisions depend on them.
    /// </summary>
    public Command? Next(IKeeperReads reads, IHedgeQuotes hedge)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(hedge);
        if (phase == RoundPhase.Liquidations)
        {
            if (AnyMarketWaitsForKeepers(reads))
            {
                while (cursor < roundAccounts.Count)
                {
                    if (LiquidationRequest(reads, new AccountId(roundAccounts[cursor++])) is { } request)
                    {
                        return request;
                    }
                }
            }

            phase = RoundPhase.Lots;
            cursor = 0;
            roundLots.Clear();
            roundLots.AddRange(lots.Keys);
        }

        if (phase == RoundPhase.Lots)
        {
            while (cursor < roundLots.Count)
            {
                if (lots.TryGetValue(roundLots[cursor++], out var lot) && !reads.IsStale(lot.Market) && Take(reads, hedge, lot) is { } take)
                {
                    return take;
                }
            }

            phase = RoundPhase.Done;
        }

        return null;
    }

    /// <summary>The oldest take not yet handed out for hedging, if any.</summary>
    public bool TryTakeFill(out KeeperFill fill) => unhedged.TryDequeue(out fill);

    private static bool AnyMarketWaitsForKeepers(IKeeperReads reads)
    {
        for (var m = 0; m < reads.MarketCount; m++)
        {
            if (!reads.Parameters(new MarketId(m)).AutoLiquidate)
            {
                return true;
            }
        }

        return false;
    }

    private KeeperLiquidate? LiquidationRequest(IKeeperReads reads, AccountId account)
    {
        if (account == Account || reads.Standing(account) is not { } standing)
        {
            return null;
        }

        if (!standing.IsLiquidatable && standing.State != LiquidationState.InLiquidation)
        {
            return null; // the engine would refuse: a price move saved it
        }

        // The position in a market that waits for keepers with the most notional: the engine steps the largest risk first.
        PositionStanding? target = null;
        LiquidationParameters? targetParameters = null;
        foreach (var position in standing.Positions)
        {
            var parameters = reads.Parameters(position.Market);
            if (parameters.AutoLiquidate || reads.IsStale(position.Market) || (target is { } t && t.Notional >= position.Notional))
            {
                continue;
            }

            target = position;
            targetParameters = parameters;
        }

        if (target is not { } chosen || targetParameters is null)
        {
            return null;
        }

        if (lastRequestMs.TryGetValue(account.Value, out var last) && now - last < targetParameters.WindowMs)
        {
            return null;
        }

        var cost = reads.ExecutionCost;
        var reward = LiquidationReward.Expected(targetParameters, standing, chosen, cost, now);
        if (reward < cost + Parameters.MinimumLiquidationProfit)
        {
            return null;
        }

        lastRequestMs[account.Value] = now;
        return new KeeperLiquidate(KeeperId, account);
    }

    private TakeAuctionLot? Take(IKeeperReads reads, IHedgeQuotes hedge, OpenLot lot)
    {
        var market = reads.Market(lot.Market);
        var parameters = reads.Parameters(lot.Market);
        var price = DutchAuction.PriceAt(market, lot.Start, lot.End, now - lot.StartMs, parameters.AuctionCurve, parameters);
        var auction = WholeUnits(price, market.PriceDecimals);

        // Buying a liquidated long, the keeper lays off by selling to the bids; taking a short, by buying the asks.
        var hedgeSide = lot.LiquidatingLong ? Side.Sell : Side.Buy;
        var size = Math.Min(lot.Size, InventoryRoom(lot.Market, lot.LiquidatingLong));
        size -= size % market.StepSize;
        while (size >= market.StepSize && !Profitable(hedge.Peek(lot.Market, hedgeSide, size), size, auction, lot.LiquidatingLong))
        {
            size /= 2;
            size -= size % market.StepSize;
        }

        return size < market.StepSize ? null : new TakeAuctionLot(Account, new LotId(lot.Id), size, price);
    }

    /// <summary>How much more the keeper may take on this side before |inventory| passes <see cref="KeeperParameters.MaximumInventory"/>.</summary>
    private long InventoryRoom(MarketId market, bool buying)
    {
        var held = Inventory(market);
        var room = (Int128)Parameters.MaximumInventory - (buying ? held : -held);
        return room <= 0 ? 0 : room >= long.MaxValue ? long.MaxValue : (long)room;
    }

    private bool Profitable(HedgeQuote quote, long size, double auction, bool buying) =>
        quote.Filled == size && (buying
            ? auction <= quote.AveragePrice * (1 - minimumAuctionProfit)
            : auction >= quote.AveragePrice * (1 + minimumAuctionProfit));

    /// <summary>A price in whole quote units, the unit hedge quotes are in (the same conversion the simulator's reports use).</summary>
    private static double WholeUnits(Price price, int priceDecimals) => price.Units / Math.Pow(10, priceDecimals);

    private void AddInventory(MarketId market, long delta) =>
        inventory[market.Value] = checked(inventory.GetValueOrDefault(market.Value) + delta);
}
