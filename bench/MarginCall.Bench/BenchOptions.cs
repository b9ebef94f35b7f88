namespace MarginCall.Bench;

/// <summary>
/// What <see cref="BenchRunner.Run"/> measures. The defaults are the whole-scale run of docs/PERFORMANCE.md
/// ("Engine bench"); a smoke test shrinks every count.
/// </summary>
public sealed record BenchOptions
{
    /// <summary>Accounts in the generated population (the market maker comes on top).</summary>
    public int Accounts { get; init; } = 1_000_000;

    /// <summary>Seed of the population, the price path and the command mix: one seed, one run.</summary>
    public ulong Seed { get; init; } = 20_240_805;

    /// <summary>Share of positions opened in isolated margin (the rest are cross).</summary>
    public double IsolatedShare { get; init; } = 0.2;

    /// <summary>Calm ticks of the comparison path, run through both the candidate index and the full scan.</summary>
    public int CompareCalmTicks { get; init; } = 200;

    /// <summary>Crash ticks of the comparison path, after its calm ticks.</summary>
    public int CompareCrashTicks { get; init; } = 200;

    /// <summary>Calm ticks of the scale leg (candidate index only).</summary>
    public int ScaleCalmTicks { get; init; } = 5_000;

    /// <summary>Plain commands of the scale leg's throughput phase (price updates, deposits and trades, in equal parts).</summary>
    public int ThroughputCommands { get; init; } = 300_000;

    /// <summary>Crash ticks of the scale leg, after its throughput phase.</summary>
    public int ScaleCrashTicks { get; init; } = 200;

    /// <summary>Accounts of the memory probe (exactly two cross positions each); 0 skips the probe.</summary>
    public int MemoryProbeAccounts { get; init; } = 1_000_000;

    /// <summary>Standard deviation of a calm tick's log return (3 bp by default).</summary>
    public double CalmVolatility { get; init; } = 0.0003;

    /// <summary>Fall of every market's generated price over a crash segment (the engine's jump clamp may hold the mark above it).</summary>
    public double CrashDepth { get; init; } = 0.25;

    /// <summary>
    /// Whether the engine liquidates by itself (the pipeline: size, bound, IOC, auction, backstop, ADL, socialized
    /// loss). Off by default at scale: the bench's books are empty, so liquidations reach the deleveraging and
    /// socialization stages, which scan every account per step today (O(accounts) per step, see docs/PERFORMANCE.md);
    /// detection, state transitions and margin calls run either way. The smoke test runs with it on.
    /// </summary>
    public bool AutoLiquidate { get; init; }

    /// <summary>Whether to skip the full-scan leg (the comparison then reports the index alone).</summary>
    public bool SkipFullScan { get; init; }

    /// <summary>The first invalid field, or null.</summary>
    public string? Validate() =>
        Accounts < 1 ? nameof(Accounts) + " must be positive"
        : IsolatedShare is < 0 or > 1 ? nameof(IsolatedShare) + " must be within [0, 1]"
        : CompareCalmTicks < 0 || CompareCrashTicks < 0 || ScaleCalmTicks < 0 || ScaleCrashTicks < 0 ? "tick counts must not be negative"
        : CompareCalmTicks + CompareCrashTicks == 0 ? "the comparison path needs at least one tick"
        : ThroughputCommands < 0 ? nameof(ThroughputCommands) + " must not be negative"
        : MemoryProbeAccounts < 0 ? nameof(MemoryProbeAccounts) + " must not be negative"
        : CalmVolatility is < 0 or > 0.1 ? nameof(CalmVolatility) + " must be within [0, 0.1]"
        : CrashDepth is < 0 or >= 1 ? nameof(CrashDepth) + " must be within [0, 1)"
        : null;
}
