namespace MarginCall.Engine.OrderBook;

/// <summary>All orders resting at one price on one side: a FIFO (head = oldest = first to fill) plus running totals.</summary>
internal struct PriceLevel
{
    public long PriceUnits;
    public long TotalSize; // base quantums, Σ Remaining over the FIFO
    public int OrderCount;
    public int Head;
    public int Tail;
}
