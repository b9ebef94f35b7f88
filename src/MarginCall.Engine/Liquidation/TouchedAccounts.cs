namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The accounts a liquidation step changed besides the liquidated one (makers, deleveraged and charged accounts), in
/// first-touch order so the engine re-examines them deterministically; membership is O(1) because a socialized loss
/// can touch every holder of a market.
/// </summary>
internal sealed class TouchedAccounts
{
    private readonly List<int> order = [];
    private readonly HashSet<int> members = [];

    /// <summary>How many accounts were touched.</summary>
    public int Count => order.Count;

    /// <summary>Records a slot (once).</summary>
    public void Add(int slot)
    {
        if (members.Add(slot))
        {
            order.Add(slot);
        }
    }

    /// <summary>Forgets every slot.</summary>
    public void Clear()
    {
        order.Clear();
        members.Clear();
    }

    /// <summary>The slots in first-touch order (a copy: re-examining them may start new steps that reuse this set).</summary>
    public int[] ToArray() => [.. order];
}
