namespace MarginCall.Engine.OrderBook;

/// <summary>
/// Array-backed storage for <see cref="OrderNode"/>s with a free list, so placing and filling orders reuses slots
/// instead of allocating objects. It grows (doubling) only when more orders rest at once than ever before, and only
/// from <see cref="Allocate"/>, which matching never calls. A ref returned by the indexer is invalidated by a growth.
/// </summary>
internal sealed class OrderPool
{
    /// <summary>The null link.</summary>
    public const int None = -1;

    private OrderNode[] _nodes;
    private int _highWater;
    private int _freeHead = None;

    public OrderPool(int initialCapacity) => _nodes = new OrderNode[Math.Max(initialCapacity, 16)];

    public ref OrderNode this[int index] => ref _nodes[index];

    public int Allocate()
    {
        if (_freeHead != None)
        {
            var reused = _freeHead;
            _freeHead = _nodes[reused].Next;
            return reused;
        }

        if (_highWater == _nodes.Length)
        {
            Array.Resize(ref _nodes, checked(_nodes.Length * 2));
        }

        return _highWater++;
    }

    public void Free(int index)
    {
        _nodes[index] = default;
        _nodes[index].Next = _freeHead;
        _freeHead = index;
    }
}
