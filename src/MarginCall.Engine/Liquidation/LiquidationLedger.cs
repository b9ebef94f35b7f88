using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

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
/// <item>per (fund, market), the base quantums the fund unwound in the market's current window.</item>
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

    /// <summary>Writes the ledger for the state hash, in key order.</summary>
    internal void WriteTo(BinaryWriter writer)
    {
        WriteWindows(writer, closed);

        writer.Write(NextLotId);
        writer.Write(lots.Count);
        foreach (var lot in lots.Values)
        {
            writer.Write(lot.ToString()); // records print every property in declaration order
        }

        writer.Write(holdings.Count);
        foreach (var ((fund, market), holding) in holdings)
        {
            writer.Write(fund);
            writer.Write(market);
            writer.Write(holding.Size);
            writer.Write(holding.Cost);
        }

        writer.Write(payouts.Count);
        foreach (var (market, window) in payouts)
        {
            writer.Write(market);
            Write(writer, window);
        }

        WriteWindows(writer, bookMisses);

        WriteWindows(writer, unwound);
    }

    /// <summary>A window map keyed by (slot or fund, market): its count, then each key and window in key order.</summary>
    private static void WriteWindows(BinaryWriter writer, SortedDictionary<(int, int), PositionWindow> windows)
    {
        writer.Write(windows.Count);
        foreach (var ((owner, market), window) in windows)
        {
            writer.Write(owner);
            writer.Write(market);
            Write(writer, window);
        }
    }

    private static void Write(BinaryWriter writer, PositionWindow window)
    {
        writer.Write(window.WindowStartMs);
        writer.Write(window.Size);
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
