using System.Collections;

namespace MarginCall.Engine.State;

/// <summary>
/// A set of account slots enumerated in ascending slot order, with O(1) add and remove: the engine's accounts in
/// liquidation, which a crash moves by the thousand per tick and every <c>AdvanceTime</c> walks in order.
/// <para>
/// A flag per slot says whether it is a member and whether it is listed. Adds append to a pending list; removals only
/// clear the member flag. Enumeration first settles: the pending slots are sorted (few) and merged with the sorted list
/// (linear), and slots no longer members are dropped on the way. A sorted tree (the former <c>SortedSet</c>) paid a
/// rebalancing insert per transition and a pointer chase per enumerated slot.
/// </para>
/// </summary>
internal sealed class SlotSet : IReadOnlyCollection<int>
{
    private const byte Member = 1;
    private const byte Listed = 2;

    private byte[] flags = new byte[64];
    private List<int> sorted = [];
    private List<int> merged = [];
    private readonly List<int> pending = [];
    private bool removals;

    /// <summary>Members.</summary>
    public int Count { get; private set; }

    /// <summary>Whether <paramref name="slot"/> is a member.</summary>
    public bool Contains(int slot) => slot >= 0 && slot < flags.Length && (flags[slot] & Member) != 0;

    /// <summary>Adds <paramref name="slot"/> (≥ 0); false when it already was a member.</summary>
    public bool Add(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        if (slot >= flags.Length)
        {
            Array.Resize(ref flags, Math.Max(slot + 1, 2 * flags.Length));
        }

        ref var flag = ref flags[slot];
        if ((flag & Member) != 0)
        {
            return false;
        }

        Count++;
        if ((flag & Listed) == 0)
        {
            pending.Add(slot); // a slot removed and added back before the next settle is still listed once
        }

        flag = Member | Listed;
        return true;
    }

    /// <summary>Removes <paramref name="slot"/>; false when it was not a member.</summary>
    public bool Remove(int slot)
    {
        if (!Contains(slot))
        {
            return false;
        }

        flags[slot] &= Listed;
        Count--;
        removals = true;
        return true;
    }

    /// <summary>The members in ascending order (the set must not change during the enumeration).</summary>
    public List<int>.Enumerator GetEnumerator()
    {
        Settle();
        return sorted.GetEnumerator();
    }

    IEnumerator<int> IEnumerable<int>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Merges the pending slots into the sorted list and drops the slots no longer members: O(members + pending log pending).</summary>
    private void Settle()
    {
        if (pending.Count == 0 && !removals)
        {
            return;
        }

        pending.Sort();
        merged.Clear();
        var i = 0;
        var j = 0;
        while (i < sorted.Count || j < pending.Count)
        {
            var slot = j == pending.Count || (i < sorted.Count && sorted[i] < pending[j]) ? sorted[i++] : pending[j++];
            if ((flags[slot] & Member) != 0)
            {
                merged.Add(slot);
            }
            else
            {
                flags[slot] = 0;
            }
        }

        (sorted, merged) = (merged, sorted);
        pending.Clear();
        removals = false;
    }
}
