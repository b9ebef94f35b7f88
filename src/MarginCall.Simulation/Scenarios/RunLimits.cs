namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// Largest runs accepted without an explicit override (<c>--allow-large</c>): a mistyped duration or count then fails
/// at once with a clear message instead of running for hours or exhausting memory. The bundled scenarios stay well
/// inside the defaults. <see cref="Large"/> lifts them to ceilings that still fit the simulator's 32-bit counters.
/// </summary>
/// <param name="MaxSteps">Steps of one run (durationSeconds / stepSeconds).</param>
/// <param name="MaxAccounts">Accounts of one run (population count, or rows of the population file).</param>
/// <param name="MaxRuns">Runs of one sweep (parameter sets × paths).</param>
public sealed record RunLimits(long MaxSteps, long MaxAccounts, long MaxRuns)
{
    /// <summary>The defaults: 2,000,000 steps, 500,000 accounts, 20,000 sweep runs.</summary>
    public static RunLimits Default { get; } = new(2_000_000, 500_000, 20_000);

    /// <summary>With <c>--allow-large</c>: the hard ceilings (the run loop counts steps and accounts in 32 bits).</summary>
    public static RunLimits Large { get; } = new(1_000_000_000, 50_000_000, 10_000_000);

    /// <summary>Whether these are the <see cref="Large"/> ceilings (an error then does not suggest the override).</summary>
    public bool IsLarge => this == Large;

    internal string Hint => IsLarge ? "(a hard ceiling)" : "(pass --allow-large to go beyond it)";
}
