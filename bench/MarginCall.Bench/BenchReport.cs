namespace MarginCall.Bench;

/// <summary>Everything one bench run measured (serialized as the bench's JSON).</summary>
/// <param name="Machine">Where it ran.</param>
/// <param name="Options">What was asked.</param>
/// <param name="Population">The population build of the comparison's index engine (commands, time, memory).</param>
/// <param name="MemoryProbe">Managed memory of a population with exactly two cross positions per account; null when skipped.</param>
/// <param name="Comparison">The same path through the candidate index and the full scan.</param>
/// <param name="Scale">The longer index-only leg: calm ticks, plain-command throughput, crash.</param>
public sealed record BenchReport(
    MachineInfo Machine,
    BenchOptions Options,
    PopulationFigures Population,
    MemoryProbeFigures? MemoryProbe,
    ComparisonFigures Comparison,
    ScaleFigures Scale);

/// <summary>The machine a run measured.</summary>
/// <param name="ProcessorCount">Logical processors visible to the process.</param>
/// <param name="Cpu">CPU model (from /proc/cpuinfo when present).</param>
/// <param name="MemoryBytes">Physical memory available to the GC.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="Os">Operating system description.</param>
/// <param name="ServerGc">Whether the server GC was in use.</param>
public sealed record MachineInfo(int ProcessorCount, string Cpu, long MemoryBytes, string Runtime, string Os, bool ServerGc);

/// <summary>A population built through the sequencer.</summary>
/// <param name="Accounts">Generated accounts (the market maker excluded).</param>
/// <param name="CrossPositions">Cross positions, each opened by a trade command.</param>
/// <param name="IsolatedPositions">Isolated positions, each opened by a trade carrying its isolated margin.</param>
/// <param name="SetupCommands">Commands submitted (creates, deposits, trades, opening prices).</param>
/// <param name="SetupSeconds">Time inside <see cref="Engine.MarginEngine.Submit(Engine.Commands.Command, List{Engine.Events.EngineEvent})"/>.</param>
/// <param name="SetupCommandsPerSecond">Setup commands per second of submit time.</param>
/// <param name="ManagedBytes">Managed heap growth over the build (GC.GetTotalMemory after full collections).</param>
/// <param name="ManagedBytesPerAccount">ManagedBytes / accounts: accounts, store, index and the engine's own structures.</param>
/// <param name="IndexEntries">Heap entries the candidate index holds (live and not yet compacted; <see cref="Engine.MarginEngine.CandidateIndexEntries"/>).</param>
public sealed record PopulationFigures(
    int Accounts,
    long CrossPositions,
    long IsolatedPositions,
    long SetupCommands,
    double SetupSeconds,
    double SetupCommandsPerSecond,
    long ManagedBytes,
    double ManagedBytesPerAccount,
    long IndexEntries);

/// <summary>Managed memory of accounts with exactly two cross positions each.</summary>
/// <param name="Accounts">Accounts built.</param>
/// <param name="ManagedBytes">Managed heap growth over the build.</param>
/// <param name="ManagedBytesPerAccount">ManagedBytes / accounts.</param>
/// <param name="IndexEntries">Heap entries the candidate index holds.</param>
public sealed record MemoryProbeFigures(int Accounts, long ManagedBytes, double ManagedBytesPerAccount, long IndexEntries);

/// <summary>Latency of one kind of tick, microseconds.</summary>
/// <param name="Ticks">Ticks measured.</param>
/// <param name="P50Us">Median.</param>
/// <param name="P99Us">99th percentile (nearest rank).</param>
/// <param name="MaxUs">Slowest.</param>
/// <param name="MeanUs">Mean.</param>
public sealed record LatencyFigures(int Ticks, double P50Us, double P99Us, double MaxUs, double MeanUs);

/// <summary>One engine's run of a price path.</summary>
/// <param name="Detector">"candidate index" or "full scan".</param>
/// <param name="Calm">Latency of calm price ticks (the oracle command, submit to return: tick to decisions).</param>
/// <param name="Crash">Latency of crash price ticks.</param>
/// <param name="All">Latency of every price tick.</param>
/// <param name="CalmEvaluationsPerTick">Accounts evaluated per calm tick (MarginEngine.Evaluations).</param>
/// <param name="CrashEvaluationsPerTick">Accounts evaluated per crash tick.</param>
/// <param name="EvaluationsPerTick">Accounts evaluated per tick, all ticks.</param>
/// <param name="CrashStateChangesPerTick">
/// Distinct accounts whose state changed per crash tick. With the pipeline off (the default) only evaluations move
/// states, so this is a floor under any sound detector's evaluations: each such account must be looked at.
/// </param>
/// <param name="TickSeconds">Total time of the price ticks.</param>
/// <param name="TimeCommandSeconds">Total time of the path's AdvanceTime commands (rounds).</param>
/// <param name="Liquidations">Transitions into Liquidatable or InLiquidation (from a healthier state).</param>
/// <param name="LiquidationSteps">Liquidation steps the pipeline executed (LiquidationStep events).</param>
/// <param name="LiquidatedAccounts">Distinct accounts that became liquidatable on the path.</param>
/// <param name="Events">Events emitted on the path.</param>
/// <param name="EventsHash">SHA-256 over every event's text, in order (null when not fingerprinted).</param>
/// <param name="StateHash">The engine's state hash after the path (null when not taken).</param>
public sealed record LegFigures(
    string Detector,
    LatencyFigures Calm,
    LatencyFigures Crash,
    LatencyFigures All,
    double CalmEvaluationsPerTick,
    double CrashEvaluationsPerTick,
    double EvaluationsPerTick,
    double CrashStateChangesPerTick,
    double TickSeconds,
    double TimeCommandSeconds,
    long Liquidations,
    long LiquidationSteps,
    long LiquidatedAccounts,
    long Events,
    string? EventsHash,
    string? StateHash);

/// <summary>The same path through the candidate index and the full scan.</summary>
/// <param name="Index">The candidate index's run.</param>
/// <param name="FullScan">The full scan's run (null when skipped).</param>
/// <param name="WallTimeRatio">Full scan tick time / index tick time over the same ticks.</param>
/// <param name="EvaluationRatio">Full scan evaluations / index evaluations over the same ticks.</param>
/// <param name="IdenticalEvents">Both emitted the same events, byte for byte, in the same order.</param>
/// <param name="IdenticalLiquidations">Both found the same set of liquidatable accounts.</param>
/// <param name="IdenticalStateHash">Both ended with the same state hash.</param>
public sealed record ComparisonFigures(
    LegFigures Index,
    LegFigures? FullScan,
    double WallTimeRatio,
    double EvaluationRatio,
    bool IdenticalEvents,
    bool IdenticalLiquidations,
    bool IdenticalStateHash)
{
    /// <summary>Whether the full scan ran and every identity check held.</summary>
    public bool Identical => FullScan is not null && IdenticalEvents && IdenticalLiquidations && IdenticalStateHash;
}

/// <summary>Plain commands through the sequencer, back to back: a mixed stream, then one homogeneous stream per kind.</summary>
/// <param name="Commands">Plain commands of the mixed stream (price updates, deposits, trades in equal parts).</param>
/// <param name="Seconds">Time of the mixed stream's plain commands (runs of commands timed as wholes; time commands apart).</param>
/// <param name="CommandsPerSecond">Mixed stream: plain commands / seconds.</param>
/// <param name="PriceUpdatesPerSecond">Oracle price commands per second, from a stream of price updates only.</param>
/// <param name="DepositsPerSecond">Deposits per second, from a stream of deposits only.</param>
/// <param name="TradesPerSecond">Trades per second, from a stream of trades only.</param>
/// <param name="EvaluationsPerCommand">Accounts evaluated per command of the mixed stream, time commands included (a deposit evaluates one, a trade two).</param>
/// <param name="TimeCommands">The path's time commands in the mixed and price streams (one per round), not counted as plain commands.</param>
/// <param name="TimeCommandsPerSecond">Time commands per second of their own time (each re-examines every account in liquidation).</param>
/// <param name="Rejections">Commands refused over every stream (expected 0).</param>
/// <param name="RejectionReasons">Refusals by command and reason (empty when none).</param>
/// <param name="CommandsPerKind">Commands of each homogeneous stream.</param>
/// <param name="PriceEvaluationsPerUpdate">Accounts evaluated per price update of the price stream (its time commands included).</param>
/// <param name="PriceStateChangesPerUpdate">State transitions (margin calls, liquidatable, recoveries) per price update of the price stream: work, not overhead.</param>
public sealed record ThroughputFigures(
    long Commands,
    double Seconds,
    double CommandsPerSecond,
    double PriceUpdatesPerSecond,
    double DepositsPerSecond,
    double TradesPerSecond,
    double EvaluationsPerCommand,
    long TimeCommands,
    double TimeCommandsPerSecond,
    long Rejections,
    string RejectionReasons,
    long CommandsPerKind,
    double PriceEvaluationsPerUpdate,
    double PriceStateChangesPerUpdate);

/// <summary>The index-only leg at scale.</summary>
/// <param name="Population">Its population build.</param>
/// <param name="Ticks">Calm and crash ticks.</param>
/// <param name="Throughput">The plain-command phase between them.</param>
/// <param name="LiquidationsPerSecond">Transitions into Liquidatable/InLiquidation in the crash / time of the crash (ticks and time commands).</param>
/// <param name="LiquidationStepsPerSecond">Liquidation steps in the crash / time of the crash.</param>
public sealed record ScaleFigures(PopulationFigures Population, LegFigures Ticks, ThroughputFigures Throughput, double LiquidationsPerSecond, double LiquidationStepsPerSecond);
