using System.Text.Json.Nodes;

namespace MarginCall.Simulation.Sweeps;

/// <summary>
/// A sweep file: a base scenario, how many seeded paths to run, overrides for every run, and the parameter sets to
/// compare. Each set's <see cref="ParameterSet.Set"/> is deep-merged into the scenario (see
/// <see cref="Scenarios.ScenarioLoader.ParseWithOverrides"/>), so any scenario field can be swept — engine parameters,
/// liquidity, population.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>Name used in reports.</summary>
    public string Name { get; init; } = "sweep";

    /// <summary>The base scenario file, relative to the sweep file.</summary>
    public string Scenario { get; init; } = "";

    /// <summary>Paths (seeds) per parameter set.</summary>
    public int Paths { get; init; } = 100;

    /// <summary>Seed of the first path; path k uses firstSeed + k, the same seeds for every set (common random numbers).</summary>
    public ulong FirstSeed { get; init; } = 1;

    /// <summary>Overrides applied to every run before the set's own.</summary>
    public JsonObject? Overrides { get; init; }

    /// <summary>
    /// Name of the set every other set is compared with (paired, on the same seeds); the first set when absent.
    /// </summary>
    public string? Baseline { get; init; }

    /// <summary>The parameter sets to compare (at least one).</summary>
    public IReadOnlyList<ParameterSet> ParameterSets { get; init; } = [];
}

/// <summary>One parameter set of a sweep.</summary>
public sealed record ParameterSet
{
    /// <summary>Label in reports.</summary>
    public string Name { get; init; } = "";

    /// <summary>Scenario fields to change, as a JSON object merged into the scenario.</summary>
    public JsonObject? Set { get; init; }
}
