using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.OrderBook;

/// <summary>
/// A price-time-priority limit order book for one market, owned by the engine's sequencer thread (no locks).
/// Orders match at the maker's price, best price first, oldest first within a price. Sizes are base quantums,
/// prices <see cref="Price"/> units; the engine checks tick and step sizes before calling.
/// </summary>
/// <remarks>
/// <para>
/// Determinism: every output (fills, cancelled ids, snapshots, <see cref="Write"/>) follows price levels and the
/// FIFOs or an owner's placement list, never a hash table's order; the dictionaries here are used for lookups only.
/// </para>
/// <para>
/// Self-trade prevention, "cancel resting" (a.k.a. cancel oldest; Binance's EXPIRE_MAKER mode): when a taker would match a resting
/// order of its own account, that resting order is cancelled (its id is appended to the caller's self-trade list),
/// no fill happens, and the taker carries on matching deeper. This never blocks a liquidation IOC on the account's
/// own stale quotes and never produces a wash trade.
/// </para>
/// <para>
/// Allocation: matching (<see cref="MatchImmediateOrCancel"/> and the taker part of <see cref="Place"/>), cancels and
/// depth queries allocate nothing beyond growth of the caller's lists; only resting a new order may grow the pools.
/// </para>
/// </remarks>
internal sealed partial class LimitOrderBook
{
    private readonly OrderPool _pool;
    private readonly BookSide _bids = new(Side.Buy);
    private readonly BookSide _asks = new(Side.Sell);
    private readonly Dictionary<OrderId, int> _nodeById;
    private readonly Dictionary<AccountId, OwnerOrders> _ordersByOwner = [];

    /// <summary>An empty book.</summary>
    /// <param name="market">The market the book trades.</param>
    /// <param name="initialOrderCapacity">Resting orders to make room for up front (the pools double beyond it).</param>
    public LimitOrderBook(MarketId market, int initialOrderCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialOrderCapacity);
        Market = market;
        _pool = new OrderPool(initialOrderCapacity);
        _nodeById = new Dictionary<OrderId, int>(initialOrderCapacity);
    }

    /// <summary>The market the book trades.</summary>
    public MarketId Market { get; }

    /// <summary>Resting orders on both sides.</summary>
    public int OrderCount => _nodeById.Count;

    /// <summary>
    /// Places a limit order: it first takes liquidity from the other side at prices no worse than
    /// <paramref name="limit"/> (best price first, oldest first, at each maker's price), then the remainder rests at
    /// <paramref name="limit"/> behind the orders already there. A rejected order changes nothing and appends nothing.
    /// </summary>
    /// <param name="id">The new order's id; must not be resting already.</param>
    /// <param name="owner">The account placing it.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="limit">Worst acceptable price, and the resting price of the remainder; must be positive.</param>
    /// <param name="size">Size in base quantums; must be positive.</param>
    /// <param name="fills">Receives one <see cref="Fill"/> per maker order hit, in match order (caller-owned, reused).</param>
    /// <param name="selfTradeCancelled">Receives the owner's own resting orders cancelled by self-trade prevention.</param>
    public PlaceResult Place(
        OrderId id, AccountId owner, Side side, Price limit, long size, List<Fill> fills, List<OrderId> selfTradeCancelled)
    {
        var rejection = Validate(id, side, limit, size);
        if (rejection != PlaceRejection.None)
        {
            return PlaceResult.Rejected(rejection);
        }

        var filled = Match(owner, side, size, limit.Units, fills, selfTradeCancelled);
        var resting = size - filled;
        if (resting > 0)
        {
            Rest(id, owner, side, limit.Units, resting);
        }

        return new PlaceResult(PlaceRejection.None, filled, resting);
    }

    /// <summary>
    /// Immediate-or-cancel: takes up to <paramref name="size"/> from the other side at prices no worse than
    /// <paramref name="limit"/> and never rests. The liquidation pipeline passes the fillable-price bound as the limit;
    /// an unbounded sweep passes <c>long.MaxValue</c> units for a buy or 1 unit for a sell.
    /// </summary>
    /// <param name="taker">The account taking liquidity.</param>
    /// <param name="side">The taker's side.</param>
    /// <param name="size">Most base quantums to fill; must be positive.</param>
    /// <param name="limit">Worst acceptable price; must be positive.</param>
    /// <param name="fills">Receives one <see cref="Fill"/> per maker order hit, in match order.</param>
    /// <param name="selfTradeCancelled">Receives the taker's own resting orders cancelled by self-trade prevention.</param>
    /// <returns>Base quantums filled, 0 ≤ filled ≤ size.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Size or limit is not positive (a caller bug, not a market event).</exception>
    public long MatchImmediateOrCancel(
        AccountId taker, Side side, long size, Price limit, List<Fill> fills, List<OrderId> selfTradeCancelled)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit.Units, nameof(limit));
        return Match(taker, side, size, limit.Units, fills, selfTradeCancelled);
    }

    /// <summary>Removes a resting order.</summary>
    /// <returns>Whether the order was resting (false for unknown, filled or already cancelled ids).</returns>
    public bool Cancel(OrderId id)
    {
        if (!_nodeById.TryGetValue(id, out var index))
        {
            return false;
        }

        ref var node = ref _pool[index];
        var side = SideOf(node.Side);
        var levelIndex = side.IndexOf(node.PriceUnits);
        ref var level = ref side.At(levelIndex);
        Remove(side, ref level, index);
        if (level.OrderCount == 0)
        {
            side.RemoveAt(levelIndex);
        }

        return true;
    }

    /// <summary>
    /// Cancels every resting order of <paramref name="owner"/> (the first step of a liquidation), appending their ids
    /// to <paramref name="cancelled"/> in the order they were placed.
    /// </summary>
    /// <returns>How many orders were cancelled.</returns>
    public int CancelAll(AccountId owner, List<OrderId> cancelled)
    {
        if (!_ordersByOwner.TryGetValue(owner, out var orders))
        {
            return 0;
        }

        var index = orders.Head;
        while (index != OrderPool.None)
        {
            var id = _pool[index].Id;
            index = _pool[index].OwnerNext; // read before the cancel frees the node
            Cancel(id);
            cancelled.Add(id);
        }

        return orders.Count;
    }

    private PlaceRejection Validate(OrderId id, Side side, Price limit, long size)
    {
        if (size <= 0)
        {
            return PlaceRejection.NonPositiveSize;
        }

        if (!limit.IsPositive)
        {
            return PlaceRejection.NonPositivePrice;
        }

        if (_nodeById.ContainsKey(id))
        {
            return PlaceRejection.DuplicateOrderId;
        }

        // Matching only shrinks the other side, so checking the order's own side before matching bounds every sum.
        return size > long.MaxValue - SideOf(side).TotalSize ? PlaceRejection.SizeOverflow : PlaceRejection.None;
    }

    private BookSide SideOf(Side side) => side == Side.Buy ? _bids : _asks;
}
