using System.Globalization;
using System.Text.Json;

namespace MarginCall.LoadTest;

/// <summary>The run's figures: a table for the terminal and one JSON document (options, machine, every phase).</summary>
internal sealed record LoadReport(LoadOptions Options, string Machine, IReadOnlyList<PhaseResult> Phases, LatencySummary? LatencyFromDue, double? FanOutSlowdown)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Commands acknowledged over every phase (for checking against the journal).</summary>
    public long Commands => Phases.Sum(p => p.Commands);

    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    public void WriteTable(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(Machine);
        output.WriteLine($"{"phase",-12} {"commands",11} {"cmd/s",9} {"seq/s",9} {"busy",5} {"p50 ms",7} {"p99 ms",7} {"p99.9",7} {"max ms",7} {"subs",5} {"delivered",11} {"dropped",7} {"cpu µs/c",8} {"cpu %",5} {"gc ms",6}  load");
        foreach (var p in Phases)
        {
            var l = p.Latency;
            output.WriteLine(string.Create(c,
                $"{p.Name,-12} {p.Commands,11:N0} {p.CommandsPerSecond,9:N0} {p.SequencerRate,9:N0} {p.Busy,5} {l.P50,7:0.00} {l.P99,7:0.00} {l.P999,7:0.00} {l.Max,7:0.0} {p.Subscribers,5} {p.Delivered,11:N0} {p.Disconnected,7} {p.CpuMicrosecondsPerCommand,8:0.0} {p.CpuSeconds * 100 / p.Seconds,5:0} {p.GcPauseMilliseconds,6:0}  {p.Load}"));
        }

        if (LatencyFromDue is { } due)
            output.WriteLine(string.Create(c, $"latency from when due (adds the client's lateness): p50 {due.P50:0.00} ms, p99 {due.P99:0.00} ms, max {due.Max:0.0} ms"));
        if (FanOutSlowdown is { } slowdown)
            output.WriteLine(string.Create(c, $"fan-out: the sequencer's rate with subscribers is {(1 - slowdown) * 100:0.0}% of its rate without ({slowdown * 100:0.0}% slower)"));
    }

    /// <summary>Cores and, on Linux, the load average at the end of the run: the shared box's noise, said next to the figures.</summary>
    public static string DescribeMachine()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, load average {load}";
    }
}
