using System.Runtime;
using System.Runtime.InteropServices;
using MarginCall.Engine;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Simulation.Randomness;

namespace MarginCall.Bench;

/// <summary>
/// The whole-scale engine bench (docs/PERFORMANCE.md, "Engine bench"), one process, deterministic for a seed:
/// <list type="number">
/// <item>Memory probe: a population with exactly two cross positions per account; managed bytes per account.</item>
/// <item>Comparison: the same generated population and the same price path (calm ticks, then a crash) through an engine
/// with the candidate index and one with the full scan; per-tick latency and evaluations of each, and whether both
/// emitted identical events, found identical liquidation sets and ended with identical state hashes.</item>
/// <item>Scale: a fresh index engine over the same population runs a long calm segment, a plain-command throughput
/// phase, and a crash (liquidations per second).</item>
/// </list>
/// Timing uses <see cref="System.Diagnostics.Stopwatch"/> around each submit; generation, fingerprints and state
/// hashes run outside the timed sections. Every random draw comes from the simulator's
/// <see cref="Xoshiro256StarStar"/>, one stream per purpose of the one seed.
/// </summary>
public static class BenchRunner
{
    internal const long StartMs = 1_000;

    // Streams of the seed: the population is stream 1, as in the simulator (SimulationRun.Setup).
    private const ulong PopulationStream = 1;
    private const ulong ComparisonPathStream = 2;
    internal const ulong ScalePathStream = 3;
    internal const ulong CommandMixStream = 4;

    /// <summary>Runs the bench; <paramref name="progress"/> receives one line per stage (may be null).</summary>
    public static BenchReport Run(BenchOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var log = progress ?? (_ => { });
        MemoryProbeFigures? probe = null;
        if (options.MemoryProbeAccounts > 0)
        {
            log($"memory probe: {options.MemoryProbeAccounts:N0} accounts with two cross positions");
            probe = MemoryProbe(options);
        }

        log($"comparison: building {options.Accounts:N0} accounts (candidate index)");
        var comparison = Compare(options, log, out var population);

        log($"scale: building {options.Accounts:N0} accounts, {options.ScaleCalmTicks:N0} calm ticks, {options.ThroughputCommands:N0} plain commands, {options.ScaleCrashTicks:N0} crash ticks");
        var scale = Scale(options);
        return new BenchReport(Machine(), options, population, probe, comparison, scale);
    }

    private static MemoryProbeFigures MemoryProbe(BenchOptions options)
    {
        var before = Collect();
        var venue = BenchVenue.Create();
        var engine = new MarginEngine(venue);
        var builder = new BenchPopulation(engine, venue, new List<EngineEvent>(64));
        builder.Open(StartMs);
        builder.AddAccounts(BenchPopulation.MemoryProbeSpec(options.MemoryProbeAccounts), new Xoshiro256StarStar(options.Seed, PopulationStream));
        var bytes = Collect() - before;
        var entries = engine.CandidateIndexEntries;
        GC.KeepAlive(engine);
        return new MemoryProbeFigures(options.MemoryProbeAccounts, bytes, bytes / (double)options.MemoryProbeAccounts, entries);
    }

    private static ComparisonFigures Compare(BenchOptions options, Action<string> log, out PopulationFigures population)
    {
        var ticks = new List<PriceTick>();
        var path = new PricePath(new Xoshiro256StarStar(options.Seed, ComparisonPathStream), StartMs);
        path.Calm(options.CompareCalmTicks, options.CalmVolatility, ticks);
        path.Crash(options.CompareCrashTicks, options.CrashDepth, options.CalmVolatility, ticks);

        var before = Collect();
        var index = Build(options, useFullScan: false, out var indexBuilder);
        var bytes = Collect() - before;
        population = Figures(options, indexBuilder, bytes, index.CandidateIndexEntries);
        log($"comparison: {ticks.Count} ticks through the candidate index");
        var (indexLeg, indexSet) = RunCompared(index, ticks, "candidate index");
        index = null;
        Collect();

        if (options.SkipFullScan)
        {
            return new ComparisonFigures(indexLeg, null, 0, 0, false, false, false);
        }

        log($"comparison: building {options.Accounts:N0} accounts (full scan)");
        var scan = Build(options, useFullScan: true, out _);
        log($"comparison: {ticks.Count} ticks through the full scan");
        var (scanLeg, scanSet) = RunCompared(scan, ticks, "full scan");
        scan = null;
        Collect();

        return new ComparisonFigures(
            indexLeg,
            scanLeg,
            scanLeg.TickSeconds / Math.Max(indexLeg.TickSeconds, 1e-9),
            scanLeg.EvaluationsPerTick / Math.Max(indexLeg.EvaluationsPerTick, 1e-9),
            indexLeg.EventsHash == scanLeg.EventsHash && indexLeg.Events == scanLeg.Events,
            indexSet.SetEquals(scanSet),
            indexLeg.StateHash == scanLeg.StateHash);
    }

    private static (LegFigures Leg, HashSet<long> Liquidated) RunCompared(MarginEngine engine, List<PriceTick> ticks, string detector)
    {
        using var run = new PathRun(engine, fingerprint: true);
        run.Run(ticks);
        return (run.Figures(detector, Convert.ToHexString(engine.StateHash())), run.LiquidatedAccounts);
    }

    private static ScaleFigures Scale(BenchOptions options)
    {
        var engine = Build(options, useFullScan: false, out var builder);
        var population = Figures(options, builder, 0, engine.CandidateIndexEntries);
        var path = new PricePath(new Xoshiro256StarStar(options.Seed, ScalePathStream), StartMs);
        using var run = new PathRun(engine, fingerprint: false);
        var ticks = new List<PriceTick>();
        path.Calm(options.ScaleCalmTicks, options.CalmVolatility, ticks);
        run.Run(ticks);

        var throughput = ThroughputPhase.Run(engine, path, options.ThroughputCommands, options.CalmVolatility, new Xoshiro256StarStar(options.Seed, CommandMixStream));

        ticks.Clear();
        path.Crash(options.ScaleCrashTicks, options.CrashDepth, options.CalmVolatility, ticks);
        run.Run(ticks);
        var leg = run.Figures("candidate index", null);
        var seconds = run.CrashSeconds;
        return new ScaleFigures(population, leg, throughput, seconds > 0 ? run.CrashLiquidations / seconds : 0, seconds > 0 ? run.CrashSteps / seconds : 0);
    }

    internal static MarginEngine Build(BenchOptions options, bool useFullScan, out BenchPopulation builder)
    {
        var parameters = LiquidationParameters.Default with { AutoLiquidate = options.AutoLiquidate };
        var venue = BenchVenue.Create();
        var engine = new MarginEngine(venue, new EngineOptions { UseFullScan = useFullScan, DefaultParameters = parameters });
        builder = new BenchPopulation(engine, venue, new List<EngineEvent>(64));
        builder.Open(StartMs);
        builder.AddAccounts(BenchPopulation.Spec(options.Accounts, options.IsolatedShare), new Xoshiro256StarStar(options.Seed, PopulationStream));
        return engine;
    }

    private static PopulationFigures Figures(BenchOptions options, BenchPopulation builder, long bytes, long indexEntries)
    {
        var seconds = PathRun.Seconds(builder.SubmitTicks);
        return new PopulationFigures(
            options.Accounts,
            builder.CrossPositions,
            builder.IsolatedPositions,
            builder.Commands,
            seconds,
            builder.Commands / Math.Max(seconds, 1e-9),
            bytes,
            bytes / (double)options.Accounts,
            indexEntries);
    }

    /// <summary>Managed bytes in use after full, compacting collections.</summary>
    private static long Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static MachineInfo Machine()
    {
        var cpu = RuntimeInformation.ProcessArchitecture.ToString();
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            foreach (var line in File.ReadLines(cpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    cpu = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    break;
                }
            }
        }

        return new MachineInfo(
            Environment.ProcessorCount,
            cpu,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            GCSettings.IsServerGC);
    }
}
