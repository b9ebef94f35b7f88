namespace MarginCall.Engine.Risk;

/// <summary>
/// How far one price an account depends on may move, relative to where the account was evaluated, before the account
/// must be looked at again: the account's state cannot change while this price stays strictly inside
/// (P₀ × (1 − <see cref="DownPpm"/>), P₀ × (1 + <see cref="UpPpm"/>)) and every other price it depends on stays inside
/// its own band. The two sides differ: a long loses when its price falls, so its band below is the distance to the
/// next threshold under the account and its band above the distance to the next threshold over it (unbounded when
/// there is none). See <see cref="RiskEvaluator"/>.
/// </summary>
/// <param name="DownPpm">Relative fall allowed, ppm (0: any fall re-examines; <see cref="long.MaxValue"/>: none does).</param>
/// <param name="UpPpm">Relative rise allowed, ppm (0: any rise re-examines; <see cref="long.MaxValue"/>: none does).</param>
public readonly record struct PriceBand(long DownPpm, long UpPpm)
{
    /// <summary>A price the account's state does not depend on.</summary>
    public static PriceBand Unbounded { get; } = new(long.MaxValue, long.MaxValue);

    /// <summary>The band of a price whose exposure has sign <paramref name="exposure"/>, from a pool's adverse and favourable buffers.</summary>
    public static PriceBand Oriented(long exposure, long adversePpm, long favourablePpm) =>
        exposure >= 0 ? new PriceBand(adversePpm, favourablePpm) : new PriceBand(favourablePpm, adversePpm);

    /// <summary>This band with each side narrowed to at most <paramref name="downPpm"/> and <paramref name="upPpm"/>.</summary>
    public PriceBand Within(long downPpm, long upPpm) => new(Math.Min(DownPpm, downPpm), Math.Min(UpPpm, upPpm));
}
