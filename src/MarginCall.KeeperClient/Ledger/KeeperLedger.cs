using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Keeper.Strategy;
using MarginCall.KeeperClient.Reads;

namespace MarginCall.KeeperClient.Ledger;

/// <summary>
/// What the keeper made, from the events of its own activity only — so it equals what the journal says: rewards (the
/// strategy's count of fee shares and auction incentives credited to its keeper id), the cash of its takes
/// (<c>AuctionLotTaken</c>, at the auction price) and of its hedges' fills (<c>TradeSettled</c>, and its resting
/// orders hit by a liquidation's sweep), and the inventory left, valued at the last mark. Cash and inventory values
/// are rounded against the keeper (paid: up, received: down). Funding on held inventory is not counted. Refusals are
/// counted from the service's answers (a refused command carries no keeper id in its event).
/// </summary>
public sealed class KeeperLedger
{
    private readonly KeeperStrategy strategy;
    private readonly ServiceReads reads;
    private readonly SortedDictionary<string, long> refusals = new(StringComparer.Ordinal);
    private Int128 cash;

    /// <summary>The ledger of <paramref name="strategy"/>'s keeper, valuing with <paramref name="reads"/>' markets and marks.</summary>
    public KeeperLedger(KeeperStrategy strategy, ServiceReads reads)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(reads);
        this.strategy = strategy;
        this.reads = reads;
    }

    /// <summary>The last sequence observed.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Rewards credited to the keeper id, quote quantums.</summary>
    public Quantums Rewards => strategy.Rewards;

    /// <summary>Cash paid (negative) and received for takes and hedges, quote quantums.</summary>
    public Quantums Cash => new(checked((long)cash));

    /// <summary>Liquidation steps the engine ran at this keeper's request.</summary>
    public long StepsWon { get; private set; }

    /// <summary>Auction lots opened by this keeper's requests (each paid tip + chip).</summary>
    public long LotsOpened { get; private set; }

    /// <summary>Takes of auction lots (whole or part).</summary>
    public long Takes { get; private set; }

    /// <summary>Fills of the keeper's hedge orders.</summary>
    public long HedgeFills { get; private set; }

    /// <summary>Commands the engine refused, by reason.</summary>
    public IReadOnlyDictionary<string, long> Refusals => refusals;

    /// <summary>All refusals.</summary>
    public long RefusalCount { get; private set; }

    /// <summary>The inventory left, at the last marks, quote quantums (long: rounded down; short: the cost of buying back, up).</summary>
    public Quantums InventoryValue
    {
        get
        {
            long total = 0;
            for (var m = 0; m < reads.MarketCount; m++)
            {
                var market = new MarketId(m);
                var held = strategy.Inventory(market);
                var scale = reads.Market(market).Scale;
                total = checked(total + (held >= 0 ? scale.Value(held, reads.Mark(market), Rounding.Floor).Value : -scale.Value(-held, reads.Mark(market), Rounding.Ceiling).Value));
            }

            return new Quantums(total);
        }
    }

    /// <summary>Rewards + cash + inventory value, quote quantums.</summary>
    public Quantums Pnl => new(checked(Rewards.Value + Cash.Value + InventoryValue.Value));

    /// <summary>Feeds one event (after the strategy has seen it).</summary>
    public void Observe(EngineEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        LastSequence = e.Sequence;
        switch (e)
        {
            case LiquidationStep step:
                StepsWon += step.Keeper == strategy.KeeperId ? 1 : 0;
                foreach (var fill in step.Fills)
                {
                    // A resting hedge of the keeper was a maker of the sweep, opposite the liquidated position.
                    if (fill.Maker == strategy.Account) Settle(step.Market, buying: step.PositionSize > 0, fill.Size, fill.Price);
                }

                break;
            case AuctionLotOpened opened when opened.Keeper == strategy.KeeperId:
                LotsOpened++;
                break;
            case TradeSettled trade when trade.Buyer == strategy.Account || trade.Seller == strategy.Account:
                Settle(trade.Market, buying: trade.Buyer == strategy.Account, trade.Size, trade.Price);
                break;
        }
    }

    /// <summary>Books a take the strategy handed out (<see cref="KeeperStrategy.TryTakeFill"/>): the keeper bought a liquidated long, sold a short.</summary>
    public void Take(KeeperFill fill)
    {
        Takes++;
        cash += Signed(fill.Market, fill.LiquidatingLong, fill.Size, fill.Price);
    }

    /// <summary>Counts an engine refusal of one of the keeper's commands.</summary>
    public void Refused(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        refusals[reason] = refusals.GetValueOrDefault(reason) + 1;
        RefusalCount++;
    }

    private void Settle(MarketId market, bool buying, long size, Price price)
    {
        HedgeFills++;
        cash += Signed(market, buying, size, price);
    }

    private Int128 Signed(MarketId market, bool buying, long size, Price price)
    {
        var scale = reads.Market(market).Scale;
        return buying ? -scale.ValueOf(size, price, Rounding.Ceiling) : scale.ValueOf(size, price, Rounding.Floor);
    }
}
