using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.State;
using MarginCall.Engine.Wire;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// Liquidation bookkeeping that is part of the engine state (hashed), in sorted maps so every iteration and the hash
/// follow key order:
/// <list type="bullet">
/// <item>per position, the base quantums closed in the account's current window (the position portion cap);</item>
/// <item>the open Dutch auction lots, by id;</item>
/// <item>the positions the insurance funds hold after backstop takeovers, by (fund, market) (their cost was paid from the
/// fund's balance);</item>
/// <item>what each market's insurance fund has paid for takeovers in the market's current window (the payout cap);</item>
/// <item>per position, how many consecutive liquidation windows the book left part of a step unfilled (the escalation to
/// a Dutch auction, <see cref="LiquidationParameters.BookWindowsBeforeAuction"/>);</item>
/// <item>per (fund, market), the base quantums the fund unwound in the market's current window;</item>
/// <item>per (fund, market), the size the fund's last unwind left on the side of the book it trades against (its refill
/// allowance, <see cref="FundUnwindStage"/>).</item>
/// </list>
/// </summary>
internal sealed class LiquidationLedger
{
    private readonly SortedDictionary<(int Slot, int Market), PositionWindow> closed = [];
    private readonly SortedDictionary<long, AuctionLot> lots = [];
    private readonly SortedDictionary<(int Fund, int Market), FundHolding> holdings = [];
    private readonly SortedDictionary<int, PositionWindow> payouts = [];
    private readonly SortedDictionary<(int Slot, int Market), PositionWindow> bookMisses = [];
    private readonly SortedDictionary<(int Fund, int Market), PositionWindow> unwound = [];
    private readonly SortedDictionary<(int Fund, int Market), PositionWindow> unwindDepth = [];

    /// <summary>The id the next lot gets.</summary>
    public long NextLotId { get; private set; } = 1;

    /// <summary>Open auction lots, by id.</summary>
    public IReadOnlyDictionary<long, AuctionLot> Lots => lots;

    /// <summary>Positions held by insurance funds, by (fund, market).</summary>
    public IReadOnlyDictionary<(int Fund, int Market), FundHolding> Holdings => holdings;

    /// <summary>Base quantums of the position closed in the window starting at <paramref name="windowStartMs"/>.</summary>
    public long ClosedInWindow(int slot, int market, long windowStartMs) =>
        closed.TryGetValue((slot, market), out var w) && w.WindowStartMs == windowStartMs ? w.Size : 0;

    /// <summary>What the insurance fund paid for takeovers in <paramref name="market"/> during the window starting at <paramref name="windowStartMs"/>.</summary>
    public long PaidInWindow(int market, long windowStartMs) =>
        payouts.TryGetValue(market, out var w) && w.WindowStartMs == windowStartMs ? w.Size : 0;

    /// <summary>Consecutive liquidation windows in which the book left part of the position's step unfilled.</summary>
    public int BookMisses(int slot, int market) =>
        bookMisses.TryGetValue((slot, market), out var w) ? checked((int)w.Size) : 0;

    /// <summary>Base quantums fund <paramref name="fund"/> unwound in <paramref name="market"/> during the window starting at <paramref name="windowStartMs"/>.</summary>
    public long UnwoundInWindow(int fund, int market, long windowStartMs) =>
        unwound.TryGetValue((fund, market), out var w) && w.WindowStartMs == windowStartMs ? w.Size : 0;

    /// <summary>
    /// Base quantums resting on the side of the book fund <paramref name="fund"/> trades against right after its last
    /// unwind in <paramref name="market"/>; null before its first (or once its holding there is gone).
    /// </summary>
    public long? UnwindDepthAfter(int fund, int market) =>
        unwindDepth.TryGetValue((fund, market), out var w) ? w.Size : null;

    /// <summary>The open lot of a position, if any (lots are few: a linear scan in id order).</summary>
    public AuctionLot? LotOf(int slot, int market)
    {
        foreach (var lot in lots.Values)
        {
            if (lot.Slot == slot && lot.Market.Value == market)
            {
                return lot;
            }
        }

        return null;
    }

    /// <summary>Notional under auction: in <paramref name="market"/>, and over all markets.</summary>
    public (long Market, long Global) UnderAuction(int market)
    {
        long inMarket = 0, global = 0;
        foreach (var lot in lots.Values)
        {
            global = checked(global + lot.Notional.Value);
            if (lot.Market.Value == market)
            {
                inMarket = checked(inMarket + lot.Notional.Value);
            }
        }

        return (inMarket, global);
    }

    internal void AddClosed(int slot, int market, long windowStartMs, long size)
    {
        var before = ClosedInWindow(slot, market, windowStartMs);
        closed[(slot, market)] = new PositionWindow(windowStartMs, checked(before + size));
    }

    internal void AddPaid(int market, long windowStartMs, long amount)
    {
        var before = PaidInWindow(market, windowStartMs);
        payouts[market] = new PositionWindow(windowStartMs, checked(before + amount));
    }

    /// <summary>
    /// Records that the book left part of the position's step unfilled in the account window starting at
    /// <paramref name="windowStartMs"/>; counts once per window. Returns the count and whether this call raised it.
    /// </summary>
    internal (int Count, bool Raised) AddBookMiss(int slot, int market, long windowStartMs)
    {
        if (bookMisses.TryGetValue((slot, market), out var w) && w.WindowStartMs == windowStartMs)
        {
            return (checked((int)w.Size), false);
        }

        var count = checked(w.Size + 1);
        bookMisses[(slot, market)] = new PositionWindow(windowStartMs, count);
        return (checked((int)count), true);
    }

    /// <summary>Forgets the position's count (the book filled a whole step, a lot opened, or the backstop took it).</summary>
    internal void ClearBookMisses(int slot, int market) => bookMisses.Remove((slot, market));

    /// <summary>Forgets every count of the account (it left liquidation).</summary>
    internal void ClearBookMisses(int slot)
    {
        List<(int, int)>? keys = null;
        foreach (var key in bookMisses.Keys)
        {
            if (key.Slot == slot)
            {
                (keys ??= []).Add(key);
            }
        }

        if (keys is not null)
        {
            foreach (var key in keys)
            {
                bookMisses.Remove(key);
            }
        }
    }

    internal void AddUnwound(int fund, int market, long windowStartMs, long size)
    {
        var before = UnwoundInWindow(fund, market, windowStartMs);
        unwound[(fund, market)] = new PositionWindow(windowStartMs, checked(before + size));
    }

    internal void SetUnwindDepth(int fund, int market, long windowStartMs, long? depth)
    {
        if (depth is { } size)
        {
            unwindDepth[(fund, market)] = new PositionWindow(windowStartMs, size);
        }
        else
        {
            unwindDepth.Remove((fund, market));
        }
    }

    internal AuctionLot Open(AuctionLot lot)
    {
        var opened = lot with { Id = NextLotId++ };
        lots.Add(opened.Id, opened);
        return opened;
    }

    internal void Update(AuctionLot lot) => lots[lot.Id] = lot;

    internal void Close(long id) => lots.Remove(id);

    internal FundHolding Holding(int fund, int market) => holdings.TryGetValue((fund, market), out var h) ? h : default;

    internal void SetHolding(int fund, int market, FundHolding holding)
    {
        if (holding.Size == 0)
        {
            holdings.Remove((fund, market));
        }
        else
        {
            holdings[(fund, market)] = holding;
        }
    }

    /// <summary>
    /// Writes the ledger for the state hash and snapshots, every map in key order as its count and entries: the windows
    /// closed per position, the next lot id and the open lots (every field), the fund holdings, the payouts per market, the
    /// book misses per position, the fund unwinds per (fund, market) and the depth each fund's last unwind left.
    /// </summary>
    internal void Write(in WireWriter w)
    {
        WriteWindows(w, closed);

        w.WriteInt64(NextLotId);
        w.WriteLength(lots.Count);
        foreach (var lot in lots.Values)
        {
            WriteLot(w, lot);
        }

        w.WriteLength(holdings.Count);
        foreach (var ((fund, market), holding) in holdings)
        {
            w.WriteInt32(fund);
            w.WriteInt32(market);
            w.WriteInt64(holding.Size);
            w.WriteInt64(holding.Cost);
        }

        w.WriteLength(payouts.Count);
        foreach (var (market, window) in payouts)
        {
            w.WriteInt32(market);
            WriteWindow(w, window);
        }

        WriteWindows(w, bookMisses);
        WriteWindows(w, unwound);
        WriteWindows(w, unwindDepth);
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote. Keys must come in strictly ascending order (the canonical form), so a ledger
    /// that decodes writes back the same bytes.
    /// </summary>
    internal static LiquidationLedger Read(ref WireReader r)
    {
        var ledger = new LiquidationLedger();
        ReadWindows(ref r, ledger.closed, "liquidations.closed");

        ledger.NextLotId = r.ReadInt64("liquidations.nextLotId");
        var lots = r.ReadLength("liquidations.lots", r.Remaining);
        var previousLot = 0L;
        for (var i = 0; i < lots; i++)
        {
            try
            {
                var at = r.Position;
                var lot = ReadLot(ref r);
                if (lot.Id <= 0 || lot.Id >= ledger.NextLotId || (i > 0 && lot.Id <= previousLot))
                {
                    throw new WireFormatException("id", at, $"lot {lot.Id} out of ascending order or not in 1 .. next lot id {ledger.NextLotId} - 1");
                }

                previousLot = lot.Id;
                ledger.lots.Add(lot.Id, lot);
            }
            catch (WireFormatException e)
            {
                throw e.Under($"liquidations.lots[{i}]");
            }
        }

        var holdings = r.ReadLength("liquidations.holdings", r.Remaining);
        var previousHolding = (0, 0);
        for (var i = 0; i < holdings; i++)
        {
            try
            {
                var at = r.Position;
                var key = (r.ReadInt32("fund"), r.ReadInt32("market"));
                var holding = new FundHolding(r.ReadInt64("size"), r.ReadInt64("cost"));
                Ascending(ref previousHolding, key, i, at);
                ledger.holdings.Add(key, holding);
            }
            catch (WireFormatException e)
            {
                throw e.Under($"liquidations.holdings[{i}]");
            }
        }

        var payouts = r.ReadLength("liquidations.payouts", r.Remaining);
        var previousMarket = 0;
        for (var i = 0; i < payouts; i++)
        {
            try
            {
                var at = r.Position;
                var market = r.ReadInt32("market");
                var window = ReadWindow(ref r);
                Ascending(ref previousMarket, market, i, at);
                ledger.payouts.Add(market, window);
            }
            catch (WireFormatException e)
            {
                throw e.Under($"liquidations.payouts[{i}]");
            }
        }

        ReadWindows(ref r, ledger.bookMisses, "liquidations.bookMisses");
        ReadWindows(ref r, ledger.unwound, "liquidations.unwound");
        ReadWindows(ref r, ledger.unwindDepth, "liquidations.unwindDepth");
        return ledger;
    }

    /// <summary>Every field of a lot, in declaration order.</summary>
    private static void WriteLot(in WireWriter w, AuctionLot lot)
    {
        w.WriteInt64(lot.Id);
        w.WriteInt32(lot.Slot);
        w.WriteAccountId(lot.Account);
        w.WriteMarketId(lot.Market);
        w.WriteBoolean(lot.LiquidatingLong);
        w.WriteInt64(lot.Size);
        w.WritePrice(lot.Start);
        w.WritePrice(lot.End);
        w.WriteInt64(lot.StartMs);
        w.WriteInt32(lot.Resets);
        w.WriteQuantums(lot.Notional);
    }

    private static AuctionLot ReadLot(ref WireReader r) => new(
        r.ReadInt64("id"),
        r.ReadInt32("slot"),
        r.ReadAccountId("account"),
        r.ReadMarketId("market"),
        r.ReadBoolean("liquidatingLong"),
        r.ReadInt64("size"),
        r.ReadPrice("start"),
        r.ReadPrice("end"),
        r.ReadInt64("startMs"),
        r.ReadInt32("resets"),
        r.ReadQuantums("notional"));

    /// <summary>A window map keyed by (slot or fund, market): its count, then each key and window in key order.</summary>
    private static void WriteWindows(in WireWriter w, SortedDictionary<(int, int), PositionWindow> windows)
    {
        w.WriteLength(windows.Count);
        foreach (var ((owner, market), window) in windows)
        {
            w.WriteInt32(owner);
            w.WriteInt32(market);
            WriteWindow(w, window);
        }
    }

    private static void ReadWindows(ref WireReader r, SortedDictionary<(int, int), PositionWindow> windows, string path)
    {
        var count = r.ReadLength(path, r.Remaining);
        var previous = (0, 0);
        for (var i = 0; i < count; i++)
        {
            try
            {
                var at = r.Position;
                var key = (r.ReadInt32("owner"), r.ReadInt32("market"));
                var window = ReadWindow(ref r);
                Ascending(ref previous, key, i, at);
                windows.Add(key, window);
            }
            catch (WireFormatException e)
            {
                throw e.Under($"{path}[{i}]");
            }
        }
    }

    private static void WriteWindow(in WireWriter w, PositionWindow window)
    {
        w.WriteInt64(window.WindowStartMs);
        w.WriteInt64(window.Size);
    }

    private static PositionWindow ReadWindow(ref WireReader r) => new(r.ReadInt64("windowStartMs"), r.ReadInt64("size"));

    /// <summary>Throws unless item <paramref name="index"/>'s key sorts after the one before it; then remembers it.</summary>
    private static void Ascending<TKey>(ref TKey previous, TKey key, int index, int offset)
    {
        if (index > 0 && Comparer<TKey>.Default.Compare(key, previous) <= 0)
        {
            throw new WireFormatException("", offset, "keys must be in strictly ascending order");
        }

        previous = key;
    }

    private readonly record struct PositionWindow(long WindowStartMs, long Size);
}

/// <summary>A Dutch auction lot: part of a liquidated position offered to keepers at a decaying price.</summary>
/// <param name="Id">Lot id (assigned in opening order).</param>
/// <param name="Slot">Slot of the liquidated account.</param>
/// <param name="Account">The liquidated account.</param>
/// <param name="Market">The market.</param>
/// <param name="LiquidatingLong">True when the liquidated position is long (the keeper buys).</param>
/// <param name="Size">Base quantums still on offer.</param>
/// <param name="Start">Price at <paramref name="StartMs"/>.</param>
/// <param name="End">The bankruptcy price the lot decays toward.</param>
/// <param name="StartMs">When the lot opened or last reset.</param>
/// <param name="Resets">How many times it reset.</param>
/// <param name="Notional">Notional counted against the auction caps (size at the start price, rounded up).</param>
public sealed record AuctionLot(
    long Id,
    int Slot,
    AccountId Account,
    MarketId Market,
    bool LiquidatingLong,
    long Size,
    Price Start,
    Price End,
    long StartMs,
    int Resets,
    Quantums Notional);

/// <summary>
/// A position an insurance fund holds after backstop takeovers (funding is not accrued on it). Its price was paid out
/// of the fund's balance, so the fund's equity is its balance plus its holdings at the mark.
/// </summary>
/// <param name="Size">Signed size, base quantums.</param>
/// <param name="Cost">Quote quantums paid for it in total (what the accounts received; a record for reports).</param>
public readonly record struct FundHolding(long Size, long Cost);
