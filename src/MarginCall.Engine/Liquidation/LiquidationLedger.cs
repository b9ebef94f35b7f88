namespace MarginCall.Engine.Liquidation;

/// <summary>
/// Liquidation bookkeeping that is part of the engine state (hashed): the base quantums closed per position in the
/// account's current window, which the per-window position portion cap is measured against. Keyed by (slot, market)
/// in a sorted map, so the hash writes it in key order.
/// </summary>
public sealed class LiquidationLedger
{
    private readonly SortedDictionary<(int Slot, int Market), PositionWindow> closed = [];

    /// <summary>Base quantums of the position closed in the window starting at <paramref name="windowStartMs"/>.</summary>
    public long ClosedInWindow(int slot, int market, long windowStartMs) =>
        closed.TryGetValue((slot, market), out var w) && w.WindowStartMs == windowStartMs ? w.Size : 0;

    /// <summary>Records <paramref name="size"/> closed in the window (an entry from an older window is replaced).</summary>
    internal void AddClosed(int slot, int market, long windowStartMs, long size)
    {
        var before = ClosedInWindow(slot, market, windowStartMs);
        closed[(slot, market)] = new PositionWindow(windowStartMs, checked(before + size));
    }

    /// <summary>Writes the ledger for the state hash, in key order.</summary>
    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(closed.Count);
        foreach (var ((slot, market), window) in closed)
        {
            writer.Write(slot);
            writer.Write(market);
            writer.Write(window.WindowStartMs);
            writer.Write(window.Size);
        }
    }

    private readonly record struct PositionWindow(long WindowStartMs, long Size);
}
