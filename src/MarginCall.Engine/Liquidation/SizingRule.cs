namespace MarginCall.Engine.Liquidation;

/// <summary>The rule that decided the size of a liquidation step (reported in every <see cref="Events.LiquidationStep"/>).</summary>
public enum SizingRule : byte
{
    /// <summary>The least size that restores the target health (closed form, see <see cref="LiquidationSizing"/>).</summary>
    TargetHealth,

    /// <summary>No partial size restores the target at the price bound: the whole position closes.</summary>
    FullClose,

    /// <summary>Capped by the largest share of the position closed per window.</summary>
    PositionPortionCap,

    /// <summary>Capped by the largest notional closed for the account per window.</summary>
    AccountWindowCap,

    /// <summary>Capped by the market's liquidation capacity per window (the anti-cascade rate limit).</summary>
    MarketCapacityCap,

    /// <summary>The position, or what a partial close would leave, is under the minimum notional: it closes fully.</summary>
    Dust,

    /// <summary>Health under the critical level: the window limits do not apply.</summary>
    CriticalBypass,

    /// <summary>The market's oracle is stale, the market is paused, or it waits for keepers: nothing is liquidated on it.</summary>
    MarketHalted,
}

/// <summary>Which term of fee = min(cap, max(floor, dynamic)) decided the fee.</summary>
public enum FeeRule : byte
{
    /// <summary>Nothing filled, so no fee.</summary>
    None,

    /// <summary>The dynamic fee (health deficit and time in liquidation).</summary>
    Dynamic,

    /// <summary>The floor that keeps a keeper paid (cost + minimum reward, or cost × (1 + minimum profit)).</summary>
    Floor,

    /// <summary>The cap (max rate × notional, or the equity left above bankruptcy).</summary>
    Cap,
}

/// <summary>The size a step chose for one position.</summary>
/// <param name="TargetSize">The closed-form size before window limits and dust (base quantums).</param>
/// <param name="Size">The size sent to the book (base quantums, a multiple of the step).</param>
/// <param name="Rule">The rule that decided <see cref="Size"/>.</param>
public readonly record struct SizingDecision(long TargetSize, long Size, SizingRule Rule);
