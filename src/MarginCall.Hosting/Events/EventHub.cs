using MarginCall.Engine.Events;

namespace MarginCall.Hosting.Events;

/// <summary>
/// Fans durable events out to subscribers and keeps the most recent ones so a subscriber can resume: the host publishes
/// each command's events once the command is durable, in sequence order, and a subscription starts with the retained
/// batches after its resume point, then continues live — under one lock, so nothing falls between the two.
/// Publishing never waits for a subscriber (<see cref="Subscription"/>).
/// </summary>
public sealed class EventHub
{
    private readonly Lock gate = new();
    private readonly Queue<EventBatch> retained = new();
    private readonly List<Subscription> subscribers = [];
    private readonly int retainEvents;
    private readonly int subscriberBuffer;
    private int retainedEvents;
    private long earliestResumableAfter;
    private long lastSequence;
    private Exception? ended;

    internal EventHub(long startSequence, int retainEvents, int subscriberBuffer)
    {
        this.retainEvents = retainEvents;
        this.subscriberBuffer = subscriberBuffer;
        earliestResumableAfter = startSequence;
        lastSequence = startSequence;
    }

    /// <summary>The last sequence published (durable).</summary>
    public long LastSequence
    {
        get
        {
            lock (gate) return lastSequence;
        }
    }

    /// <summary>The lowest sequence a subscription may resume after.</summary>
    public long EarliestResumableAfter
    {
        get
        {
            lock (gate) return earliestResumableAfter;
        }
    }

    /// <summary>Subscribers currently connected.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (gate) return subscribers.Count;
        }
    }

    /// <summary>
    /// Subscribes to the batches after <paramref name="afterSequence"/> (the last batch the subscriber has; the host's
    /// start sequence or earlier for "from the beginning" while it is retained).
    /// </summary>
    /// <exception cref="EventsNotRetainedException">Batches after that sequence are no longer held.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is past the last published one.</exception>
    public Subscription Subscribe(EventFilter filter, long afterSequence)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (gate)
        {
            CheckResumable(afterSequence);
            var backlog = retained.Count(b => b.Sequence > afterSequence);
            // The backlog fits on top of the live buffer: a resume is never refused for being behind, only for being slow.
            var subscription = new Subscription(this, filter, checked(subscriberBuffer + backlog));
            foreach (var batch in retained)
            {
                if (batch.Sequence > afterSequence) subscription.Offer(batch);
            }

            if (ended is not null) subscription.End(ended);
            else subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> retained batches after <paramref name="afterSequence"/>, in order: a page of the
    /// stream without subscribing (nothing is copied beyond the page).
    /// </summary>
    /// <exception cref="EventsNotRetainedException">Batches after that sequence are no longer held.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is past the last published one.</exception>
    public IReadOnlyList<EventBatch> Read(long afterSequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (gate)
        {
            CheckResumable(afterSequence);
            var page = new List<EventBatch>(Math.Min(limit, retained.Count));
            foreach (var batch in retained)
            {
                if (batch.Sequence <= afterSequence) continue;
                page.Add(batch);
                if (page.Count == limit) break;
            }

            return page;
        }
    }

    private void CheckResumable(long afterSequence)
    {
        if (afterSequence < earliestResumableAfter) throw new EventsNotRetainedException(afterSequence, earliestResumableAfter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(afterSequence, lastSequence);
    }

    /// <summary>Publishes one durable command's events (called by the host, in sequence order).</summary>
    internal void Publish(long sequence, IReadOnlyList<EngineEvent> events)
    {
        var batch = new EventBatch(sequence, events);
        lock (gate)
        {
            lastSequence = sequence;
            // A command without events (a price that moved nothing) has nothing to deliver or retain.
            if (events.Count == 0) return;
            if (retainEvents > 0)
            {
                retained.Enqueue(batch);
                retainedEvents += events.Count;
                while (retainedEvents > retainEvents && retained.Count > 1)
                {
                    var dropped = retained.Dequeue();
                    retainedEvents -= dropped.Events.Count;
                    earliestResumableAfter = dropped.Sequence;
                }
            }
            else
            {
                earliestResumableAfter = sequence;
            }

            for (var i = subscribers.Count - 1; i >= 0; i--)
            {
                if (!subscribers[i].Offer(batch)) subscribers.RemoveAt(i);
            }
        }
    }

    /// <summary>Ends every subscription (the host stopped); later subscriptions end at once with the same reason.</summary>
    internal void End(Exception reason)
    {
        lock (gate)
        {
            ended = reason;
            foreach (var subscription in subscribers) subscription.End(reason);
            subscribers.Clear();
        }
    }

    internal void Remove(Subscription subscription)
    {
        lock (gate) subscribers.Remove(subscription);
    }
}
