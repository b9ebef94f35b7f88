using MarginCall.Core.Model;

namespace MarginCall.Engine.OrderBook;

/// <summary>
/// A resting order, stored by index in an <see cref="OrderPool"/>. It sits on two intrusive doubly linked lists at
/// once: its price level's FIFO (time priority) and its owner's orders (placement order), so a cancel unlinks from
/// both in O(1) and matching never allocates. Links are pool indices; <see cref="OrderPool.None"/> ends a list.
/// </summary>
internal struct OrderNode
{
    public OrderId Id;
    public AccountId Owner;
    public long PriceUnits;
    public long Remaining; // base quantums, > 0 while resting
    public Side Side;
    public int Previous;
    public int Next;
    public int OwnerPrevious;
    public int OwnerNext;
}
