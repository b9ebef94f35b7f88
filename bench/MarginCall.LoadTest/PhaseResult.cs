namespace MarginCall.LoadTest;

/// <summary>
/// What one phase measured. <see cref="Commands"/> are acknowledged (durable) commands; <see cref="SequencerRate"/> is
/// the host's durable sequence's progress over the phase's window, commands/s. Latency is per command: for an open-loop
/// phase from when its request was due (so a late send counts against the service, no coordinated omission), for a
/// closed-loop phase from when its request was sent.
/// </summary>
internal sealed record PhaseResult(string Name, string Load, long Commands, long Requests, long Busy, double Seconds, double SequencerRate, LatencySummary Latency)
{
    /// <summary>Commands acknowledged per second of the phase.</summary>
    public double CommandsPerSecond => Seconds > 0 ? Commands / Seconds : 0;

    /// <summary>CPU time the whole process (service and load client together: one process) used in the phase, seconds.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>CPU microseconds per acknowledged command (service and client together).</summary>
    public double CpuMicrosecondsPerCommand => Commands > 0 ? CpuSeconds * 1e6 / Commands : 0;

    /// <summary>Time the GC paused the process in the phase, milliseconds.</summary>
    public double GcPauseMilliseconds { get; init; }

    /// <summary>Full (gen 2) collections in the phase.</summary>
    public int Gen2Collections { get; init; }

    /// <summary>Stream subscribers during the phase.</summary>
    public int Subscribers { get; init; }

    /// <summary>Stream messages the subscribers received during the phase and its drain, together.</summary>
    public long Delivered { get; init; }

    /// <summary>Subscribers the service disconnected as too slow (close 1008), or that saw a gap or a repeat (none expected).</summary>
    public int Disconnected { get; init; }

    /// <summary>Subscribers that received a batch out of order (a gap or repeat); must be 0.</summary>
    public int OutOfOrder { get; init; }
}
