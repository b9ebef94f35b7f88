using MarginCall.Simulation.Reporting;

namespace MarginCall.Simulation.Running;

/// <summary>What a run produced.</summary>
/// <param name="Summary">The summary.</param>
/// <param name="Timeline">Sampled rows (empty when the run kept none).</param>
/// <param name="Markets">Market symbols, in the order of the timeline's per-market arrays.</param>
public sealed record RunResult(RunSummary Summary, IReadOnlyList<TimelineRow> Timeline, IReadOnlyList<string> Markets);
