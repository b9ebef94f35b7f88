namespace MarginCall.LoadTest;

/// <summary>What <c>margincall-load</c> runs; the defaults are the issue's targets (docs/PERFORMANCE.md, "Service over loopback").</summary>
internal sealed record LoadOptions
{
    /// <summary>Phases to run, in this order: host, throughput, latency, fanout.</summary>
    public IReadOnlyList<string> Phases { get; init; } = AllPhases;

    /// <summary>Seconds each phase (and each fan-out half-round) lasts.</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>Seconds of unmeasured load first (JIT, connection pool, the journal's first segment).</summary>
    public double WarmupSeconds { get; init; } = 3;

    /// <summary>Funded accounts the deposits cycle over.</summary>
    public int Accounts { get; init; } = 1_000;

    /// <summary>Closed-loop connections (throughput, fan-out) or host submitters.</summary>
    public int Writers { get; init; } = 4;

    /// <summary>Commands per closed-loop request.</summary>
    public int Batch { get; init; } = 1_000;

    /// <summary>Open-loop rate, commands/s.</summary>
    public int Rate { get; init; } = 10_000;

    /// <summary>Commands per open-loop request.</summary>
    public int RateBatch { get; init; } = 10;

    /// <summary>Stream subscribers in the fan-out phase's loaded half.</summary>
    public int Subscribers { get; init; } = 100;

    /// <summary>Fan-out rounds (each: without, then with subscribers).</summary>
    public int Rounds { get; init; } = 2;

    public static IReadOnlyList<string> AllPhases { get; } = ["host", "throughput", "latency", "fanout"];

    /// <summary>What is wrong with these options, naming the option; null when they are valid.</summary>
    public string? Invalid() =>
        Phases.FirstOrDefault(p => !AllPhases.Contains(p)) is { } unknown ? $"--phases: '{unknown}' is not one of {string.Join(", ", AllPhases)}"
        : !(Seconds > 0 && Seconds <= 600) ? "--seconds: between 0 and 600"
        : !(WarmupSeconds >= 0 && WarmupSeconds <= 60) ? "--warmup: between 0 and 60"
        : Accounts is < 1 or > 1_000_000 ? "--accounts: 1 to 1,000,000"
        : Writers is < 1 or > 256 ? "--writers: 1 to 256"
        : Batch is < 1 or > 10_000 ? "--batch: 1 to 10,000 (the API's batch limit)"
        : Rate is < 1 or > 1_000_000 ? "--rate: 1 to 1,000,000"
        : RateBatch is < 1 or > 10_000 ? "--rate-batch: 1 to 10,000"
        : Subscribers is < 0 or > 1_000 ? "--subscribers: 0 to 1,000"
        : Rounds is < 1 or > 10 ? "--rounds: 1 to 10"
        : null;
}
