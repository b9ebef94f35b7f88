using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarginCall.Bench;

/// <summary>The bench report as a plain-text table (for the terminal) and as JSON (for files and comparisons).</summary>
public static class BenchReportText
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Indented camelCase JSON of the whole report.</summary>
    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>A table of the headline figures, index against full scan.</summary>
    public static string ToTable(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = report.Comparison;
        var s = report.Scale;
        var text = new StringBuilder();
        var m = report.Machine;
        Line(text, $"machine: {m.Cpu}, {m.ProcessorCount} logical CPUs, {m.MemoryBytes / (1 << 30)} GiB, {m.Runtime}, server GC {m.ServerGc}");
        Line(text, $"population: {report.Options.Accounts:N0} accounts, {report.Population.CrossPositions:N0} cross + {report.Population.IsolatedPositions:N0} isolated positions over 10 markets, seed {report.Options.Seed}");
        Line(text, string.Empty);
        Line(text, $"comparison path: {c.Index.Calm.Ticks} calm + {c.Index.Crash.Ticks} crash ticks, same ticks through both engines");
        Line(text, Row("", "candidate index", "full scan", "ratio"));
        Line(text, Row("calm tick p50 / p99 / max (µs)", Latency(c.Index.Calm), Latency(c.FullScan?.Calm), Ratio(c.FullScan?.Calm.P50Us, c.Index.Calm.P50Us)));
        Line(text, Row("crash tick p50 / p99 / max (µs)", Latency(c.Index.Crash), Latency(c.FullScan?.Crash), Ratio(c.FullScan?.Crash.P50Us, c.Index.Crash.P50Us)));
        Line(text, Row("wall time of all ticks (s)", F(c.Index.TickSeconds, 4), F(c.FullScan?.TickSeconds, 2), Ratio(c.FullScan?.TickSeconds, c.Index.TickSeconds)));
        Line(text, Row("accounts evaluated per tick", F(c.Index.EvaluationsPerTick, 1), F(c.FullScan?.EvaluationsPerTick, 0), Ratio(c.FullScan?.EvaluationsPerTick, c.Index.EvaluationsPerTick)));
        Line(text, Row("  calm ticks", F(c.Index.CalmEvaluationsPerTick, 1), F(c.FullScan?.CalmEvaluationsPerTick, 0), Ratio(c.FullScan?.CalmEvaluationsPerTick, c.Index.CalmEvaluationsPerTick)));
        Line(text, Row("  crash ticks", F(c.Index.CrashEvaluationsPerTick, 1), F(c.FullScan?.CrashEvaluationsPerTick, 0), Ratio(c.FullScan?.CrashEvaluationsPerTick, c.Index.CrashEvaluationsPerTick)));
        Line(text, Row("  of which change state (crash)", F(c.Index.CrashStateChangesPerTick, 1), F(c.FullScan?.CrashStateChangesPerTick, 1), $"index evaluates {F(c.Index.CrashEvaluationsPerTick / Math.Max(c.Index.CrashStateChangesPerTick, 1e-9), 1)}× as many"));
        Line(text, Row("wall time of calm / crash ticks (s)", $"{F(c.Index.Calm.MeanUs * c.Index.Calm.Ticks / 1e6, 4)} / {F(c.Index.Crash.MeanUs * c.Index.Crash.Ticks / 1e6, 3)}", c.FullScan is null ? "-" : $"{F(c.FullScan.Calm.MeanUs * c.FullScan.Calm.Ticks / 1e6, 2)} / {F(c.FullScan.Crash.MeanUs * c.FullScan.Crash.Ticks / 1e6, 2)}", Ratio(c.FullScan?.Crash.MeanUs, c.Index.Crash.MeanUs) + " on crash ticks"));
        Line(text, Row("liquidations (accounts) / steps", $"{c.Index.Liquidations:N0} ({c.Index.LiquidatedAccounts:N0}) / {c.Index.LiquidationSteps:N0}", c.FullScan is null ? "-" : $"{c.FullScan.Liquidations:N0} ({c.FullScan.LiquidatedAccounts:N0}) / {c.FullScan.LiquidationSteps:N0}", ""));
        Line(text, Row("events", c.Index.Events.ToString("N0", CultureInfo.InvariantCulture), c.FullScan?.Events.ToString("N0", CultureInfo.InvariantCulture) ?? "-", ""));
        Line(text, c.FullScan is null
            ? $"identical events, liquidation sets, state hash: not compared (full scan skipped; state hash {Short(c.Index.StateHash)})"
            : $"identical events: {Yes(c.IdenticalEvents)}, identical liquidation sets: {Yes(c.IdenticalLiquidations)}, identical state hash: {Yes(c.IdenticalStateHash)} ({Short(c.Index.StateHash)})");
        Line(text, string.Empty);
        Line(text, $"scale leg (candidate index, {report.Options.Accounts:N0} accounts)");
        Line(text, Row("calm tick p50 / p99 / max (µs)", Latency(s.Ticks.Calm), $"{s.Ticks.Calm.Ticks:N0} ticks", $"{F(s.Ticks.CalmEvaluationsPerTick, 1)} eval/tick"));
        Line(text, Row("crash tick p50 / p99 / max (µs)", Latency(s.Ticks.Crash), $"{s.Ticks.Crash.Ticks:N0} ticks", $"{F(s.Ticks.CrashEvaluationsPerTick, 1)} eval/tick"));
        Line(text, Row("liquidations per second", F(s.LiquidationsPerSecond, 0), $"{s.Ticks.Liquidations:N0} in the crash", "transitions into Liquidatable/InLiquidation"));
        Line(text, Row("liquidation steps per second", F(s.LiquidationStepsPerSecond, 0), $"{s.Ticks.LiquidationSteps:N0} in the crash", "pipeline steps (size, bound, venue, fee)"));
        Line(text, Row("plain commands per second", F(s.Throughput.CommandsPerSecond, 0), $"{s.Throughput.Commands:N0} mixed commands", $"{s.Throughput.Rejections} refused {s.Throughput.RejectionReasons}"));
        Line(text, Row("  price / deposit / trade per s", $"{F(s.Throughput.PriceUpdatesPerSecond, 0)} / {F(s.Throughput.DepositsPerSecond, 0)} / {F(s.Throughput.TradesPerSecond, 0)}", $"{F(s.Throughput.EvaluationsPerCommand, 2)} eval/command (mixed)", $"streams of {s.Throughput.CommandsPerKind:N0} each; time commands {F(s.Throughput.TimeCommandsPerSecond, 0)}/s"));
        Line(text, Row("  price stream, per update", $"{F(s.Throughput.PriceEvaluationsPerUpdate, 2)} evaluations", $"{F(s.Throughput.PriceStateChangesPerUpdate, 2)} state changes", "margin calls and recoveries the walk causes"));
        Line(text, Row("setup commands per second", F(report.Population.SetupCommandsPerSecond, 0), $"{report.Population.SetupCommands:N0} commands", ""));
        Line(text, Row("managed bytes per account", F(report.Population.ManagedBytesPerAccount, 0), "mixed 1-5 positions", $"{report.Population.IndexEntries:N0} index entries"));
        if (report.MemoryProbe is { } probe)
        {
            Line(text, Row("  with two positions", F(probe.ManagedBytesPerAccount, 0), $"{probe.Accounts:N0} accounts", $"{probe.IndexEntries:N0} index entries"));
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Row(string label, string index, string scan, string ratio) =>
        $"  {label,-34} {index,-30} {scan,-30} {ratio}";

    private static string Latency(LatencyFigures? l) =>
        l is null || l.Ticks == 0 ? "-" : $"{F(l.P50Us, 1)} / {F(l.P99Us, 1)} / {F(l.MaxUs, 1)}";

    private static string Ratio(double? numerator, double denominator) =>
        numerator is { } n && denominator > 0 ? F(n / denominator, 0) + "×" : "-";

    private static string F(double? value, int decimals) =>
        value is { } v ? v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "-";

    private static string Yes(bool value) => value ? "yes" : "NO";

    private static string Short(string? hash) => hash is null ? "-" : hash[..16];
}
