namespace MarginCall.Core.Model;

/// <summary>
/// A margin account: signed spot balances and at most one perpetual position per market, each kept in a small
/// array of structs sorted by id (ordered iteration for determinism, no per-entry objects: about 220 bytes for an
/// account with one balance and two positions).
/// </summary>
public sealed class Account
{
    private SpotBalance[] spotBalances = [];
    private int spotCount;
    private PerpPosition[] positions = [];
    private int positionCount;

    /// <summary>Creates an empty account.</summary>
    public Account(AccountId id, string owner)
    {
        Id = id;
        Owner = owner;
    }

    /// <summary>Identifier.</summary>
    public AccountId Id { get; }

    /// <summary>Who receives this account's margin call notices.</summary>
    public string Owner { get; }

    /// <summary>Non-zero spot balances, by asset id.</summary>
    public ReadOnlySpan<SpotBalance> SpotBalances => spotBalances.AsSpan(0, spotCount);

    /// <summary>Open positions, by market id.</summary>
    public ReadOnlySpan<PerpPosition> Positions => positions.AsSpan(0, positionCount);

    /// <summary>The balance of <paramref name="asset"/> in quantums (0 when none).</summary>
    public long SpotBalance(AssetId asset)
    {
        var i = IndexOfSpot(asset);
        return i >= 0 ? spotBalances[i].Balance : 0;
    }

    /// <summary>Sets the balance of <paramref name="asset"/>; zero removes the entry.</summary>
    public void SetSpotBalance(AssetId asset, long balance)
    {
        var i = IndexOfSpot(asset);
        if (i >= 0)
        {
            if (balance == 0)
            {
                Remove(spotBalances, ref spotCount, i);
            }
            else
            {
                spotBalances[i] = new SpotBalance(asset, balance);
            }
        }
        else if (balance != 0)
        {
            Insert(ref spotBalances, ref spotCount, ~i, new SpotBalance(asset, balance));
        }
    }

    /// <summary>The position in <paramref name="market"/>, if one is open.</summary>
    public bool TryGetPosition(MarketId market, out PerpPosition position)
    {
        var i = IndexOfPosition(market);
        position = i >= 0 ? positions[i] : default;
        return i >= 0;
    }

    /// <summary>Inserts or replaces the position of <paramref name="position"/>'s market.</summary>
    public void SetPosition(PerpPosition position)
    {
        var i = IndexOfPosition(position.Market);
        if (i >= 0)
        {
            positions[i] = position;
        }
        else
        {
            Insert(ref positions, ref positionCount, ~i, position);
        }
    }

    /// <summary>Removes the position in <paramref name="market"/> (no-op when there is none).</summary>
    public void RemovePosition(MarketId market)
    {
        var i = IndexOfPosition(market);
        if (i >= 0)
        {
            Remove(positions, ref positionCount, i);
        }
    }

    /// <summary>Index of the position in <see cref="Positions"/>, or the bitwise complement of its insertion point.</summary>
    public int IndexOfPosition(MarketId market)
    {
        int lo = 0, hi = positionCount - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var id = positions[mid].Market.Value;
            if (id == market.Value)
            {
                return mid;
            }

            if (id < market.Value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    private int IndexOfSpot(AssetId asset)
    {
        for (var i = 0; i < spotCount; i++)
        {
            var id = spotBalances[i].Asset.Value;
            if (id == asset.Value)
            {
                return i;
            }

            if (id > asset.Value)
            {
                return ~i;
            }
        }

        return ~spotCount;
    }

    // Arrays grow by one slot: accounts hold few entries and change them rarely, so memory per account wins
    // over amortized growth.
    private static void Insert<T>(ref T[] items, ref int count, int index, T item)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, count + 1);
        }

        Array.Copy(items, index, items, index + 1, count - index);
        items[index] = item;
        count++;
    }

    private static void Remove<T>(T[] items, ref int count, int index)
    {
        Array.Copy(items, index + 1, items, index, count - index - 1);
        count--;
        items[count] = default!;
    }
}
