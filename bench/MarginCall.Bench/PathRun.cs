using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Bench;

/// <summary>
/// Runs price ticks through one engine and records per tick: latency of the oracle command (Stopwatch, submit to
/// return), accounts evaluated, and the events (counted, and optionally fingerprinted for the identity check).
/// </summary>
internal sealed class PathRun(MarginEngine engine, bool fingerprint) : IDisposable
{
    private readonly List<EngineEvent> events = new(4096);
    private readonly List<long> calmTicks = [];
    private readonly List<long> crashTicks = [];
    private readonly IncrementalHash? hash = fingerprint ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    private long calmEvaluations;
    private long crashEvaluations;
    private long crashStateChanges;
    private readonly HashSet<long> changedAccounts = [];
    private long timeCommandTicks;
    private long crashTimeCommandTicks;
    private long eventCount;

    /// <summary>Accounts that became liquidatable on the path.</summary>
    public HashSet<long> LiquidatedAccounts { get; } = [];

    /// <summary>Transitions into Liquidatable or InLiquidation.</summary>
    public long Liquidations { get; private set; }

    /// <summary>Liquidation steps executed by the pipeline.</summary>
    public long Steps { get; private set; }

    /// <summary>Liquidation steps during crash ticks and their time commands.</summary>
    public long CrashSteps { get; private set; }

    /// <summary>Transitions during crash ticks.</summary>
    public long CrashLiquidations { get; private set; }

    /// <summary>Seconds of the crash: its ticks and its time commands.</summary>
    public double CrashSeconds => Seconds(Sum(crashTicks) + crashTimeCommandTicks);

    /// <summary>Runs the ticks.</summary>
    public void Run(IReadOnlyList<PriceTick> ticks)
    {
        foreach (var tick in ticks)
        {
            if (tick.StartsRound)
            {
                var elapsed = Submit(new AdvanceTime(new EngineTime(tick.TimeMs)), tick.IsCrash);
                timeCommandTicks += elapsed;
                crashTimeCommandTicks += tick.IsCrash ? elapsed : 0;
            }

            var before = engine.Evaluations;
            var latency = Submit(tick.ToCommand(), tick.IsCrash);
            var evaluated = engine.Evaluations - before;
            (tick.IsCrash ? crashTicks : calmTicks).Add(latency);
            if (tick.IsCrash)
            {
                crashEvaluations += evaluated;
                crashStateChanges += StateChanges();
            }
            else
            {
                calmEvaluations += evaluated;
            }
        }
    }

    /// <summary>The figures so far.</summary>
    public LegFigures Figures(string detector, string? stateHash)
    {
        var all = new List<long>(calmTicks);
        all.AddRange(crashTicks);
        var ticks = Math.Max(1, all.Count);
        return new LegFigures(
            detector,
            Latency(calmTicks),
            Latency(crashTicks),
            Latency(all),
            calmEvaluations / (double)Math.Max(1, calmTicks.Count),
            crashEvaluations / (double)Math.Max(1, crashTicks.Count),
            (calmEvaluations + crashEvaluations) / (double)ticks,
            crashStateChanges / (double)Math.Max(1, crashTicks.Count),
            Seconds(Sum(all)),
            Seconds(timeCommandTicks),
            Liquidations,
            Steps,
            LiquidatedAccounts.Count,
            eventCount,
            hash is null ? null : Convert.ToHexString(hash.GetCurrentHash()),
            stateHash);
    }

    /// <inheritdoc />
    public void Dispose() => hash?.Dispose();

    internal static double Seconds(long stopwatchTicks) => stopwatchTicks / (double)Stopwatch.Frequency;

    private long Submit(Command command, bool crash)
    {
        events.Clear();
        var start = Stopwatch.GetTimestamp();
        engine.Submit(command, events);
        var elapsed = Stopwatch.GetTimestamp() - start;
        Observe(crash);
        return elapsed;
    }

    /// <summary>Distinct accounts with a LiquidationStateChanged event in the command just submitted (counted outside the timed section).</summary>
    private int StateChanges()
    {
        changedAccounts.Clear();
        foreach (var e in events)
        {
            if (e is LiquidationStateChanged changed)
            {
                changedAccounts.Add(changed.Account.Value);
            }
        }

        return changedAccounts.Count;
    }

    private void Observe(bool crash)
    {
        eventCount += events.Count;
        foreach (var e in events)
        {
            if (e is LiquidationStateChanged { From: < LiquidationState.Liquidatable, To: LiquidationState.Liquidatable or LiquidationState.InLiquidation } changed)
            {
                Liquidations++;
                CrashLiquidations += crash ? 1 : 0;
                LiquidatedAccounts.Add(changed.Account.Value);
            }

            var step = e is LiquidationStep ? 1 : 0;
            Steps += step;
            CrashSteps += crash ? step : 0;
            if (hash is not null)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(e.ToString()));
                hash.AppendData("\n"u8);
            }
        }
    }

    private static long Sum(List<long> values)
    {
        long sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    private static LatencyFigures Latency(List<long> stopwatchTicks)
    {
        if (stopwatchTicks.Count == 0)
        {
            return new LatencyFigures(0, 0, 0, 0, 0);
        }

        var sorted = stopwatchTicks.ToArray();
        Array.Sort(sorted);
        double Us(long t) => t * 1_000_000.0 / Stopwatch.Frequency;
        long Rank(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyFigures(sorted.Length, Us(Rank(0.50)), Us(Rank(0.99)), Us(sorted[^1]), Us(Sum(stopwatchTicks)) / sorted.Length);
    }
}
