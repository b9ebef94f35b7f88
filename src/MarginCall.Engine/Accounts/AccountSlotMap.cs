namespace MarginCall.Engine.Accounts;

/// <summary>
/// Account id → store slot, for lookups only (never iterated: iteration goes by slot).
/// </summary>
/// <remarks>
/// Ids are arbitrary longs but in practice dense (1, 2, 3, … as accounts open), so an id in the low range goes into a
/// paged direct table: 4 bytes per id, against about 40 for a <see cref="Dictionary{TKey,TValue}"/> entry with its
/// bucket. The table only takes an id whose page index is under twice the number of pages the accounts already fill
/// (plus two), so its pages never cost more than about 8 bytes per account, whatever the ids; any other id (negative,
/// huge, or far ahead of the count) goes to a dictionary. Both are O(1), and the answer does not depend on which of
/// the two holds an id.
/// </remarks>
internal sealed class AccountSlotMap
{
    // 4,096 ints = 16 KB per page: small enough to stay off the large object heap, large enough that the page
    // directory is tiny (8 bytes per 4,096 ids).
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;
    private const int PageMask = PageSize - 1;

    // Slot + 1, so that the zero of a fresh page means "no account".
    private int[]?[] pages = [];
    private Dictionary<long, int>? sparse;

    /// <summary>Number of ids held.</summary>
    public int Count { get; private set; }

    /// <summary>The slot of <paramref name="id"/>, or −1.</summary>
    public int SlotOf(long id)
    {
        // The unchecked cast sends every negative id past the table's end (the project checks arithmetic).
        if (unchecked((ulong)id) < (ulong)pages.Length << PageBits && pages[id >> PageBits] is { } page && page[id & PageMask] != 0)
        {
            return page[id & PageMask] - 1;
        }

        return sparse is not null && sparse.TryGetValue(id, out var slot) ? slot : -1;
    }

    /// <summary>Maps <paramref name="id"/> to <paramref name="slot"/> (≥ 0); throws if the id is already mapped.</summary>
    public void Add(long id, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfEqual(slot, int.MaxValue);
        if (SlotOf(id) >= 0)
        {
            throw new ArgumentException($"account id {id} is already mapped", nameof(id));
        }

        if (id >= 0 && id >> PageBits < 2 * (Count >> PageBits) + 2)
        {
            Page(id >> PageBits)[id & PageMask] = slot + 1;
        }
        else
        {
            sparse ??= [];
            sparse.Add(id, slot);
        }

        Count++;
    }

    private int[] Page(long index)
    {
        if (index >= pages.Length)
        {
            Array.Resize(ref pages, (int)Math.Max(index + 1, 2L * pages.Length));
        }

        return pages[index] ??= new int[PageSize];
    }
}
