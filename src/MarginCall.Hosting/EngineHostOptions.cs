namespace MarginCall.Hosting;

/// <summary>Bounds of an <see cref="EngineHost"/>: every queue and buffer in it has a stated size.</summary>
public sealed record EngineHostOptions
{
    /// <summary>Requests (commands and queries) waiting for the sequencer; a full queue refuses at once (back-pressure).</summary>
    public int QueueCapacity { get; init; } = 8_192;

    /// <summary>Applied requests waiting for their journal acknowledgement before they are released, in order.</summary>
    public int InFlightCapacity { get; init; } = 65_536;

    /// <summary>Snapshot after this many commands (0: never; recovery then replays from the genesis).</summary>
    public long SnapshotEvery { get; init; } = 100_000;

    /// <summary>Events kept in memory so a subscriber can resume from an earlier sequence.</summary>
    public int RetainedEvents { get; init; } = 1_000_000;

    /// <summary>Batches a subscriber may fall behind before it is disconnected (it never slows the sequencer).</summary>
    public int SubscriberBuffer { get; init; } = 10_000;

    /// <summary>The first invalid bound, or null.</summary>
    public string? Invalid() =>
        QueueCapacity < 1 ? nameof(QueueCapacity) + " must be at least 1"
        : InFlightCapacity < 1 ? nameof(InFlightCapacity) + " must be at least 1"
        : SnapshotEvery < 0 ? nameof(SnapshotEvery) + " must not be negative"
        : RetainedEvents < 0 ? nameof(RetainedEvents) + " must not be negative"
        : SubscriberBuffer < 1 ? nameof(SubscriberBuffer) + " must be at least 1"
        : null;
}
