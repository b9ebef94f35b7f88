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
}
