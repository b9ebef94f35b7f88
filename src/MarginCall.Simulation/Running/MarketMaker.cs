using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.OrderBook;
using MarginCall.Simulation.Liquidity;
using MarginCall.Simulation.Prices;
using ModelSide = MarginCall.Simulation.Liquidity.BookSide;

namespace MarginCall.Simulation.Running;

/// <summary>
/// Expresses one market's <see cref="BookDepth"/> as resting orders of the market-maker account in the engine's order
/// book, and reads back what the engine's liquidations took from them. Quotes are re-centred on the current mid when it
/// has moved by half a level spacing, or every <see cref="RefreshSteps"/> steps while depleted levels are refilling;
/// a requote cancels every live order and places one order per non-empty level (sizes from the model).
/// Fills are read from the engine's events (<see cref="Observe"/>: the fills of liquidation steps and fund unwinds
/// against its orders), so the simulator needs no copy of the engine's matching or liquidation logic, and a fill is
/// known from the same stream an external market maker would follow.
/// </summary>
internal sealed class MarketMaker
{
    /// <summary>While refilling, requote at least this often (steps).</summary>
    public const int RefreshSteps = 10;

    private readonly PerpetualMarket market;
    private readonly AccountId account;
    private readonly BookDepth depth;
    private readonly OrderId[] orders;
    private readonly long[] placed;
    private readonly long[] pending;
    private readonly Dictionary<long, int> slotOfOrder = [];
    private readonly double[] levelPrices;
    private readonly double requoteThreshold;
    private long nextOrder = 1;
    private double center;
    private bool hasQuotes;
    private bool refilling;
    private int stepsSinceQuote;
    private bool hasPending;

    public MarketMaker(PerpetualMarket market, AccountId account, BookDepth depth)
    {
        this.market = market;
        this.account = account;
        this.depth = depth;
        var levels = depth.Profile.Count;
        orders = new OrderId[2 * levels];
        placed = new long[2 * levels];
        pending = new long[2 * levels];
        levelPrices = new double[2 * levels];
        requoteThreshold = depth.Profile.Levels[0].OffsetFraction / 2;
    }

    /// <summary>The modelled depth.</summary>
    public BookDepth Depth => depth;

    /// <summary>The mid the live quotes are centred on.</summary>
    public double Center => center;

    /// <summary>Requotes around <paramref name="mid"/> if the quotes are stale; returns whether it did.</summary>
    public bool MaybeQuote(ObservedEngine engine, double mid, List<EngineEvent> events)
    {
        stepsSinceQuote++;
        var moved = !hasQuotes || Math.Abs((mid / center) - 1) >= requoteThreshold;
        if (!moved && !(refilling && stepsSinceQuote >= RefreshSteps))
        {
            return false;
        }

        Quote(engine, mid, events);
        return true;
    }

    /// <summary>Cancels every live order and places the model's remaining depth around <paramref name="mid"/>.</summary>
    public void Quote(ObservedEngine engine, double mid, List<EngineEvent> events)
    {
        var levels = depth.Profile.Count;
        for (var i = 0; i < orders.Length; i++)
        {
            if (placed[i] > 0)
            {
                placed[i] = 0; // first: the cancellation's event then names an order already let go
                engine.Submit(new CancelOrder(market.Id, orders[i]), events);
            }
        }

        // Fills of the replaced orders not collected yet are dropped with them: the requote places the model's depth anew.
        Array.Clear(pending);
        hasPending = false;
        slotOfOrder.Clear();
        refilling = false;
        for (var level = 0; level < levels; level++)
        {
            for (var s = 0; s < 2; s++)
            {
                var side = s == 0 ? ModelSide.Bid : ModelSide.Ask;
                var slot = (s * levels) + level;
                var remaining = depth.Remaining(side, level);
                refilling |= remaining < depth.Profile.Levels[level].Size;
                var size = remaining - (remaining % market.StepSize); // orders are whole steps; the rest waits for the next requote
                if (size <= 0)
                {
                    continue;
                }

                var price = LedgerConversion.ToPrice(depth.LevelPrice(side, level, mid), market.PriceDecimals, market.TickSize);
                var id = new OrderId(nextOrder++);
                var before = events.Count;
                engine.Submit(new PlaceOrder(id, account, market.Id, s == 0 ? Side.Buy : Side.Sell, price, size), events);
                if (events.Count > before && events[^1] is CommandRejected)
                {
                    continue; // e.g. a level that would cross after rounding to the tick: it simply stays empty this time
                }

                orders[slot] = id;
                placed[slot] = size;
                slotOfOrder[id.Value] = slot;
                levelPrices[slot] = LedgerConversion.ToDouble(price, market.PriceDecimals);
            }
        }

        center = mid;
        hasQuotes = true;
        stepsSinceQuote = 0;
    }

    /// <summary>
    /// <see cref="BookDepth.TouchDepletion"/> measured on the orders resting in the engine's book now (as of the last
    /// <see cref="CollectFills"/>).
    /// </summary>
    public double Depletion(ModelSide side)
    {
        var levels = depth.Profile.Count;
        return BookDepth.TouchDepletion(depth.Profile, placed.AsSpan(side == ModelSide.Bid ? 0 : levels, levels), side);
    }

    /// <summary>
    /// Reads one engine event: the fills of a liquidation step or a fund unwind against this market maker's live orders
    /// wait for <see cref="CollectFills"/>; a live order the engine removed itself (the account in liquidation) is let go
    /// without touching the model. Events about orders already replaced are ignored.
    /// </summary>
    public void Observe(EngineEvent e)
    {
        switch (e)
        {
            case LiquidationStep step when step.Market == market.Id:
                OnFills(step.Fills);
                break;
            case FundUnwound unwind when unwind.Market == market.Id:
                OnFills(unwind.Fills);
                break;
            case OrdersCancelled cancelled when cancelled.Market == market.Id && cancelled.Account == account:
                foreach (var order in cancelled.Orders)
                {
                    if (slotOfOrder.TryGetValue(order.Value, out var slot) && placed[slot] > 0)
                    {
                        placed[slot] = 0;
                        pending[slot] = 0;
                        refilling = true;
                    }
                }

                break;
        }
    }

    private void OnFills(IReadOnlyList<LiquidationFill> fills)
    {
        for (var i = 0; i < fills.Count; i++)
        {
            var fill = fills[i];
            if (fill.Maker == account && slotOfOrder.TryGetValue(fill.MakerOrder.Value, out var slot) && placed[slot] > 0)
            {
                pending[slot] += fill.Size;
                hasPending = true;
            }
        }
    }

    /// <summary>
    /// Takes what the engine's liquidations took from the quotes since the last call (as observed in its events) out of
    /// the model's depth and adds it to <paramref name="fills"/>, level by level, bids first.
    /// </summary>
    public void CollectFills(ref StepFills fills)
    {
        if (!hasPending)
        {
            return;
        }

        var levels = depth.Profile.Count;
        var unit = Math.Pow(10, market.SizeDecimals);
        for (var slot = 0; slot < orders.Length; slot++)
        {
            var taken = pending[slot];
            if (taken <= 0)
            {
                continue;
            }

            pending[slot] = 0;
            var bid = slot < levels;
            depth.Take(bid ? ModelSide.Bid : ModelSide.Ask, slot % levels, taken);
            placed[slot] -= taken;
            var baseUnits = taken / unit;
            if (fills.Count == 0)
            {
                fills.Center = center;
            }

            fills.Count++;
            fills.Notional += baseUnits * levelPrices[slot];
            fills.Slippage += baseUnits * Math.Abs(levelPrices[slot] - center);
            if (bid)
            {
                fills.LowestBid = Math.Min(fills.LowestBid, levelPrices[slot]);
            }
            else
            {
                fills.HighestAsk = Math.Max(fills.HighestAsk, levelPrices[slot]);
            }
        }

        hasPending = false;
        refilling = true;
    }
}

/// <summary>Liquidation fills against the market maker in one step of one market (report units: whole quote units).</summary>
internal struct StepFills
{
    public int Count;
    public double Notional;
    public double Slippage;
    public double LowestBid;
    public double HighestAsk;
    public double Center;

    public static StepFills Empty => new() { LowestBid = double.PositiveInfinity, HighestAsk = 0 };
}
