namespace MarginCall.Simulation.Running;

/// <summary>How to run a scenario.</summary>
public sealed record RunOptions
{
    /// <summary>Seed override (the scenario's seed when null).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Whether to keep the timeline (sweeps turn it off).</summary>
    public bool KeepTimeline { get; init; } = true;

    /// <summary>Called with (steps done, total steps) about every 1% of the run; on the run's thread.</summary>
    public Action<int, int>? Progress { get; init; }

    /// <summary>
    /// Called after each command the run submits to its engine (setup, prices, the market makers' orders, the population's
    /// accounts and trades, the simulated keepers' commands), in submission order, on the run's thread. The run's engine
    /// starts from the scenario's venue and engine settings, so this stream reproduces the run on any engine started from
    /// the same genesis (<c>margincall serve --scenario</c> replays it through the service). Observing changes nothing in the run.
    /// </summary>
    public Action<SubmittedCommand>? CommandSubmitted { get; init; }
}
