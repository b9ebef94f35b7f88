using System.Runtime.CompilerServices;

namespace MarginCall.Core.Model;

/// <summary>
/// A margin account: signed spot balances and at most one perpetual position per market, each list sorted by id
/// (ordered iteration for determinism) and stored as structs, without per-entry objects.
/// </summary>
/// <remarks>
/// The first <see cref="InlinePositionCapacity"/> positions and the first spot balance live inside the account
/// object itself (136 bytes in all for an account with one balance and two positions, against 200 with separate
/// arrays). A list that outgrows its inline room moves whole to a heap array, so that its span stays contiguous,
/// and moves back inline when it shrinks to fit again: the count of a list alone says where it is.
/// <para>
/// Read-only outside the engine: the mutators are internal (MarginCall.Engine, which owns every live account, sees
/// them), so an account the engine holds cannot be changed except by a command. Other code builds a standalone account
/// (an inspection, a test world) whole, with the constructor that takes its balances and positions.
/// </para>
/// </remarks>
public sealed class Account
{
    /// <summary>Positions held inline: the memory probe's account, and most real ones, hold one or two.</summary>
    private const int InlinePositionCapacity = 2;

    /// <summary>Spot balances held inline: nearly every account holds the quote asset alone.</summary>
    private const int InlineSpotCapacity = 1;

    // The owner string while both lists are inline; an AccountOverflow (which carries the owner) once one has spilled.
    private object ownerOrOverflow;
    private int positionCount;
    private int spotCount;
    private InlinePositions inlinePositions;
    private SpotBalance inlineSpot;

    /// <summary>Creates an empty account.</summary>
    public Account(AccountId id, string owner)
    {
        Id = id;
        ownerOrOverflow = owner;
    }

    /// <summary>Creates an account holding <paramref name="spotBalances"/> and <paramref name="positions"/> (any order).</summary>
    /// <exception cref="ModelValidationException">Two balances of one asset, or two positions in one market.</exception>
    public Account(AccountId id, string owner, ReadOnlySpan<SpotBalance> spotBalances, ReadOnlySpan<PerpPosition> positions)
        : this(id, owner)
    {
        foreach (var spot in spotBalances)
        {
            if (IndexOfSpot(spot.Asset) >= 0)
            {
                throw new ModelValidationException("spotBalances", $"two balances of asset {spot.Asset.Value}");
            }

            SetSpotBalance(spot.Asset, spot.Balance);
        }

        foreach (var position in positions)
        {
            if (IndexOfPosition(position.Market) >= 0)
            {
                throw new ModelValidationException("positions", $"two positions in market {position.Market.Value}");
            }

            SetPosition(position);
        }
    }

    /// <summary>Identifier.</summary>
    public AccountId Id { get; }

    /// <summary>Who receives this account's margin call notices.</summary>
    public string Owner => ownerOrOverflow is AccountOverflow overflow ? overflow.Owner : (string)ownerOrOverflow;

    /// <summary>Non-zero spot balances, by asset id.</summary>
    public ReadOnlySpan<SpotBalance> SpotBalances => Spots;

    /// <summary>Open positions, by market id.</summary>
    public ReadOnlySpan<PerpPosition> Positions => PositionEntries;

    private Span<SpotBalance> Spots => spotCount <= InlineSpotCapacity
        ? new Span<SpotBalance>(ref inlineSpot)[..spotCount]
        : Overflow.SpotBalances.AsSpan(0, spotCount);

    private Span<PerpPosition> PositionEntries => positionCount <= InlinePositionCapacity
        ? ((Span<PerpPosition>)inlinePositions)[..positionCount]
        : Overflow.Positions.AsSpan(0, positionCount);

    // Only valid once a list has spilled: the cast then checks the invariant for free.
    private AccountOverflow Overflow => (AccountOverflow)ownerOrOverflow;

    /// <summary>The balance of <paramref name="asset"/> in quantums (0 when none).</summary>
    public long SpotBalance(AssetId asset)
    {
        var i = IndexOfSpot(asset);
        return i >= 0 ? Spots[i].Balance : 0;
    }

    /// <summary>Sets the balance of <paramref name="asset"/>; zero removes the entry.</summary>
    internal void SetSpotBalance(AssetId asset, long balance)
    {
        var i = IndexOfSpot(asset);
        if (i >= 0)
        {
            if (balance == 0)
            {
                RemoveSpot(i);
            }
            else
            {
                Spots[i] = new SpotBalance(asset, balance);
            }
        }
        else if (balance != 0)
        {
            InsertSpot(~i, new SpotBalance(asset, balance));
        }
    }

    /// <summary>The position in <paramref name="market"/>, if one is open.</summary>
    public bool TryGetPosition(MarketId market, out PerpPosition position)
    {
        var i = IndexOfPosition(market);
        position = i >= 0 ? PositionEntries[i] : default;
        return i >= 0;
    }

    /// <summary>Inserts or replaces the position of <paramref name="position"/>'s market.</summary>
    internal void SetPosition(PerpPosition position)
    {
        var i = IndexOfPosition(position.Market);
        if (i >= 0)
        {
            PositionEntries[i] = position;
        }
        else
        {
            InsertPosition(~i, position);
        }
    }

    /// <summary>Removes the position in <paramref name="market"/> (no-op when there is none).</summary>
    internal void RemovePosition(MarketId market)
    {
        var i = IndexOfPosition(market);
        if (i >= 0)
        {
            RemovePositionAt(i);
        }
    }

    /// <summary>Index of the position in <see cref="Positions"/>, or the bitwise complement of its insertion point.</summary>
    public int IndexOfPosition(MarketId market)
    {
        var positions = PositionEntries;
        int lo = 0, hi = positions.Length - 1;
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
        var spots = Spots;
        for (var i = 0; i < spots.Length; i++)
        {
            var id = spots[i].Asset.Value;
            if (id == asset.Value)
            {
                return i;
            }

            if (id > asset.Value)
            {
                return ~i;
            }
        }

        return ~spots.Length;
    }

    private void InsertPosition(int index, PerpPosition position)
    {
        if (positionCount < InlinePositionCapacity)
        {
            InsertInPlace(inlinePositions, positionCount, index, position);
        }
        else
        {
            var overflow = Spill();
            overflow.Positions = Inserted(PositionEntries, overflow.Positions, index, position);
            if (positionCount == InlinePositionCapacity)
            {
                inlinePositions = default;
            }
        }

        positionCount++;
    }

    private void RemovePositionAt(int index)
    {
        RemoveInPlace(PositionEntries, index);
        positionCount--;
        if (positionCount == InlinePositionCapacity)
        {
            var overflow = Overflow;
            overflow.Positions.AsSpan(0, positionCount).CopyTo(inlinePositions);
            overflow.Positions = [];
            Unspill(overflow);
        }
    }

    private void InsertSpot(int index, SpotBalance spot)
    {
        if (spotCount < InlineSpotCapacity)
        {
            InsertInPlace(new Span<SpotBalance>(ref inlineSpot), spotCount, index, spot);
        }
        else
        {
            var overflow = Spill();
            overflow.SpotBalances = Inserted(Spots, overflow.SpotBalances, index, spot);
            if (spotCount == InlineSpotCapacity)
            {
                inlineSpot = default;
            }
        }

        spotCount++;
    }

    private void RemoveSpot(int index)
    {
        RemoveInPlace(Spots, index);
        spotCount--;
        if (spotCount == InlineSpotCapacity)
        {
            var overflow = Overflow;
            overflow.SpotBalances.AsSpan(0, spotCount).CopyTo(new Span<SpotBalance>(ref inlineSpot));
            overflow.SpotBalances = [];
            Unspill(overflow);
        }
    }

    /// <summary>The overflow object, created (taking over the owner) the first time a list spills.</summary>
    private AccountOverflow Spill()
    {
        if (ownerOrOverflow is AccountOverflow overflow)
        {
            return overflow;
        }

        overflow = new AccountOverflow((string)ownerOrOverflow);
        ownerOrOverflow = overflow;
        return overflow;
    }

    /// <summary>Gives the owner its field back once both lists are inline again.</summary>
    private void Unspill(AccountOverflow overflow)
    {
        if (positionCount <= InlinePositionCapacity && spotCount <= InlineSpotCapacity)
        {
            ownerOrOverflow = overflow.Owner;
        }
    }

    private static void InsertInPlace<T>(Span<T> storage, int count, int index, T item)
    {
        storage[index..count].CopyTo(storage[(index + 1)..]);
        storage[index] = item;
    }

    private static void RemoveInPlace<T>(Span<T> entries, int index)
    {
        entries[(index + 1)..].CopyTo(entries[index..]);
        entries[^1] = default!;
    }

    // A heap array grows by one slot: accounts that spill hold few entries and change them rarely, so memory per
    // account wins over amortized growth.
    private static T[] Inserted<T>(ReadOnlySpan<T> entries, T[] storage, int index, T item)
    {
        var target = entries.Length < storage.Length ? storage : new T[entries.Length + 1];
        entries[index..].CopyTo(target.AsSpan(index + 1));
        if (target != storage)
        {
            entries[..index].CopyTo(target);
        }

        target[index] = item;
        return target;
    }

    [InlineArray(InlinePositionCapacity)]
    private struct InlinePositions
    {
        private PerpPosition first;
    }
}
