using System.Threading.Channels;

namespace MarginCall.Hosting.Events;

/// <summary>
/// One subscriber's view of the event stream: batches after the sequence it resumed from, with no gap and no repeat,
/// through a bounded buffer. A subscriber that lets the buffer fill is disconnected — its reader completes with
/// <see cref="SubscriberTooSlowException"/> — so it can never hold the sequencer back; it may resume from the last
/// batch it read.
/// </summary>
public sealed class Subscription : IDisposable
{
    private readonly EventHub hub;
    private readonly Channel<EventBatch> buffer;

    internal Subscription(EventHub hub, EventFilter filter, int capacity)
    {
        this.hub = hub;
        Filter = filter;
        Capacity = capacity;
        buffer = Channel.CreateBounded<EventBatch>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    }

    /// <summary>What this subscription receives.</summary>
    public EventFilter Filter { get; }

    /// <summary>Batches it may hold unread.</summary>
    public int Capacity { get; }

    /// <summary>The batches, in sequence order; completes when the subscription ends (with the reason as its error).</summary>
    public ChannelReader<EventBatch> Batches => buffer.Reader;

    /// <summary>Offers a batch (under the hub's lock); false when the subscriber is too slow and was disconnected.</summary>
    internal bool Offer(EventBatch batch)
    {
        if (!Filter.AdmitsAll)
        {
            var admitted = batch.Events.Where(Filter.Admits).ToArray();
            if (admitted.Length == 0) return true;
            batch = batch with { Events = admitted };
        }

        if (buffer.Writer.TryWrite(batch)) return true;
        buffer.Writer.TryComplete(new SubscriberTooSlowException(Capacity, batch.Sequence));
        return false;
    }

    /// <summary>Ends the subscription with <paramref name="reason"/> (null: a normal end).</summary>
    internal void End(Exception? reason) => buffer.Writer.TryComplete(reason);

    /// <inheritdoc />
    public void Dispose()
    {
        hub.Remove(this);
        End(null);
    }
}

/// <summary>A subscriber left <see cref="Capacity"/> batches unread; it was disconnected before batch <see cref="Sequence"/>.</summary>
public sealed class SubscriberTooSlowException(int capacity, long sequence)
    : Exception($"disconnected: {capacity} batches were waiting unread; resume after the last batch read (the next was {sequence})")
{
    /// <summary>The buffer size that filled.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>The first batch not delivered.</summary>
    public long Sequence { get; } = sequence;
}

/// <summary>A subscription asked to resume before the earliest batch still held in memory.</summary>
public sealed class EventsNotRetainedException(long requestedAfter, long earliestResumableAfter)
    : Exception($"events after sequence {requestedAfter} are no longer held; the earliest resume point is after sequence {earliestResumableAfter}")
{
    /// <summary>The sequence the subscriber asked to resume after.</summary>
    public long RequestedAfter { get; } = requestedAfter;

    /// <summary>The lowest sequence one can resume after.</summary>
    public long EarliestResumableAfter { get; } = earliestResumableAfter;
}
