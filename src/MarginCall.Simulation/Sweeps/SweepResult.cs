using MarginCall.Simulation.Reporting;

namespace MarginCall.Simulation.Sweeps;

/// <summary>A sweep's outcome: per parameter set, the distribution of each metric over the paths.</summary>
/// <param name="Name">Sweep name.</param>
/// <param name="Scenario">Base scenario name.</param>
/// <param name="Paths">Paths per set.</param>
/// <param name="FirstSeed">Seed of the first path.</param>
/// <param name="Sets">One entry per parameter set, in file order.</param>
public sealed record SweepResult(string Name, string Scenario, int Paths, ulong FirstSeed, IReadOnlyList<SetResult> Sets)
{
    /// <summary>Index of the baseline set in <see cref="Sets"/>.</summary>
    public int Baseline { get; init; }

    /// <summary>Every set against the baseline (null only for a result built by hand).</summary>
    public PairedComparison? Comparison { get; init; }

    /// <summary>Quote asset of every amount.</summary>
    public string Quote { get; init; } = "USD";

    /// <summary>The base scenario's description.</summary>
    public string? Description { get; init; }

    /// <summary>The base scenario's sources.</summary>
    public string? Source { get; init; }

    /// <summary>The base scenario's parameters with the sweep's common overrides (see <see cref="ScenarioParameters"/>).</summary>
    public System.Text.Json.Nodes.JsonObject? Parameters { get; init; }
}

/// <summary>The distribution figures of one parameter set.</summary>
/// <param name="Name">Set name.</param>
/// <param name="BadDebt">Bad debt at the end of each path.</param>
/// <param name="PeakBadDebt">Largest bad debt outstanding during each path.</param>
/// <param name="InsuranceFundDrawdown">Largest insurance fund drawdown of each path.</param>
/// <param name="LiquidatedNotional">Liquidated notional of each path.</param>
/// <param name="SlippagePaid">Slippage paid in each path.</param>
/// <param name="CascadeDepth">Max cascade depth of each path.</param>
/// <param name="AccountsBankrupt">Accounts that went bankrupt in each path.</param>
/// <param name="AccountsSaved">Accounts saved by partial liquidation in each path.</param>
/// <param name="Runs">Every path's summary, by seed.</param>
public sealed record SetResult(
    string Name,
    TailStatistics BadDebt,
    TailStatistics PeakBadDebt,
    TailStatistics InsuranceFundDrawdown,
    TailStatistics LiquidatedNotional,
    TailStatistics SlippagePaid,
    TailStatistics CascadeDepth,
    TailStatistics AccountsBankrupt,
    TailStatistics AccountsSaved,
    IReadOnlyList<RunSummary> Runs)
{
    /// <summary>The scenario fields this set changes (its <c>set</c> object as written).</summary>
    public System.Text.Json.Nodes.JsonObject? Overrides { get; init; }

    /// <summary>Socialized loss of each path.</summary>
    public TailStatistics? SocializedLoss { get; init; }

    /// <summary>Keeper PnL of each path.</summary>
    public TailStatistics? KeeperPnl { get; init; }
}
