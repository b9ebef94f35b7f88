namespace MarginCall.Hosting;

/// <summary>The host's request queue is full: nothing was queued; retry after <see cref="RetryAfter"/>.</summary>
public sealed class HostBusyException(int capacity)
    : Exception($"the engine's request queue is full ({capacity} requests waiting); nothing was queued, retry shortly")
{
    /// <summary>Requests the queue holds.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>A retry hint: a full queue drains in well under a second at the sequencer's rate.</summary>
    public static TimeSpan RetryAfter => TimeSpan.FromSeconds(1);
}

/// <summary>
/// The host stopped: its journal failed (nothing after the failure was acknowledged) or it was shut down. Requests
/// not yet acknowledged fail with this; none of them is durable unless a later recovery finds it in the journal.
/// </summary>
public sealed class HostStoppedException(string reason, Exception? inner = null) : Exception("the engine host stopped: " + reason, inner);
