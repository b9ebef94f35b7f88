using System.Threading.Channels;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Queries;
using MarginCall.Hosting.Events;
using MarginCall.Storage;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Hosting;

/// <summary>
/// Runs the engine as a service core (LMAX's shape: one business-logic thread, input journaled before output is
/// released). Requests — commands and reads — enter one bounded queue; a dedicated sequencer thread takes them in order,
/// journals and applies each command (<see cref="JournaledEngine"/>: group commit, so it never waits for an fsync) and
/// evaluates each read against the engine's view; a release loop then waits, in the same order, for each request's
/// journal acknowledgement and only then publishes the command's events (<see cref="Events"/>) and completes the caller.
/// So a caller never sees a result, and a subscriber never sees an event, that a crash could take back: a read is held
/// until every command before it is durable. A full queue refuses at once (<see cref="HostBusyException"/>); a journal
/// failure stops the host (<see cref="HostStoppedException"/>) and nothing after it is acknowledged.
/// The host owns the journal and snapshot store it was started with.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly JournaledEngine engine;
    private readonly IJournal journal;
    private readonly EngineHostOptions options;
    private readonly Channel<Request> requests;
    private readonly Channel<Request> releases;
    private readonly Thread sequencer;
    private readonly Task releaser;
    private Task lastDurable = Task.CompletedTask;
    private Task lastCountedSnapshot = Task.CompletedTask;
    private long durableSequence;
    private long appliedSequence;
    private HostStoppedException? stopped;
    private int snapshotFailures;

    private EngineHost(JournaledEngine engine, IJournal journal, EngineRecovery? recovery, EngineHostOptions options)
    {
        this.engine = engine;
        this.journal = journal;
        this.options = options;
        Recovery = recovery;
        durableSequence = engine.Engine.View.Sequence;
        appliedSequence = durableSequence;
        Events = new EventHub(durableSequence, options.RetainedEvents, options.SubscriberBuffer);
        requests = Channel.CreateBounded<Request>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        releases = Channel.CreateBounded<Request>(new BoundedChannelOptions(options.InFlightCapacity) { SingleReader = true, SingleWriter = true });
        sequencer = new Thread(RunSequencer) { Name = "margincall-sequencer", IsBackground = true };
        sequencer.Start();
        releaser = Task.Run(ReleaseAsync);
    }

    /// <summary>
    /// Opens the log in <paramref name="journal"/> (recovering it from the latest snapshot and the journal tail, or
    /// starting it with <paramref name="genesis"/> when empty) and starts the sequencer.
    /// </summary>
    public static async Task<EngineHost> StartAsync(IJournal journal, ISnapshotStore snapshots, Genesis genesis, EngineHostOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        options ??= new EngineHostOptions();
        if (options.Invalid() is { } invalid) throw new ArgumentException(invalid, nameof(options));
        var (engine, recovery) = await JournaledEngine.OpenAsync(journal, snapshots, genesis, options.SnapshotEvery, cancellation).ConfigureAwait(false);
        return new EngineHost(engine, journal, recovery, options);
    }

    /// <summary>What recovery rebuilt when the host started on an existing log; null for a new log.</summary>
    public EngineRecovery? Recovery { get; }

    /// <summary>The durable event stream.</summary>
    public EventHub Events { get; }

    /// <summary>The last command sequence acknowledged (durable and released).</summary>
    public long DurableSequence => Interlocked.Read(ref durableSequence);

    /// <summary>The last command sequence applied by the sequencer (ahead of <see cref="DurableSequence"/> by the journal's lag).</summary>
    public long AppliedSequence => Interlocked.Read(ref appliedSequence);

    /// <summary>Requests waiting for the sequencer.</summary>
    public int QueueDepth => requests.Reader.Count;

    /// <summary>Snapshots that could not be written (the journal still holds every command; recovery replays further).</summary>
    public int SnapshotFailures => Volatile.Read(ref snapshotFailures);

    /// <summary>Why the host stopped; null while it runs.</summary>
    public HostStoppedException? Stopped => Volatile.Read(ref stopped);

    /// <summary>
    /// Queues <paramref name="command"/>; the task completes once it is durable, with its sequence and events (a refused
    /// command is durable too: its <see cref="CommandRejected"/> event is the answer and it changed nothing).
    /// </summary>
    /// <exception cref="HostBusyException">The queue is full; nothing was queued.</exception>
    /// <exception cref="HostStoppedException">The host has stopped.</exception>
    public Task<CommandResult> SubmitAsync(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = new CommandRequest(command);
        Enqueue(request);
        return request.Result.Task;
    }

    /// <summary>
    /// Reads the engine on the sequencer thread, between commands; the task completes once every command before the read
    /// is durable. <paramref name="query"/> must only read and must copy what it returns (the view is live state).
    /// </summary>
    /// <exception cref="HostBusyException">The queue is full; nothing was queued.</exception>
    /// <exception cref="HostStoppedException">The host has stopped.</exception>
    public Task<T> QueryAsync<T>(Func<EngineView, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Read(engine => query(engine.View));
    }

    /// <summary>The engine's SHA-256 state hash between commands, released like a read (docs/sequencer.md, "State hash").</summary>
    public Task<byte[]> StateHashAsync() => Read(engine => engine.StateHash());

    private Task<T> Read<T>(Func<MarginEngine, T> read)
    {
        var request = new QueryRequest<T>(read);
        Enqueue(request);
        return request.Result.Task;
    }

    private void Enqueue(Request request)
    {
        if (Stopped is { } reason) throw reason;
        if (requests.Writer.TryWrite(request)) return;
        throw Stopped ?? (Exception)new HostBusyException(options.QueueCapacity);
    }

    private void RunSequencer()
    {
        var reader = requests.Reader;
        try
        {
            // A dedicated thread that blocks while idle: the engine is touched by this thread only.
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var request))
                {
                    if (Stopped is { } reason)
                    {
                        request.Fail(reason);
                        continue;
                    }

                    request.Apply(this);
                    if (engine.SnapshotWritten.IsFaulted && request is CommandRequest) CountSnapshotFailure();
                    if (!releases.Writer.TryWrite(request))
                    {
                        releases.Writer.WriteAsync(request).AsTask().GetAwaiter().GetResult();
                    }
                }
            }
        }
        catch (Exception e)
        {
            Stop(new HostStoppedException("the sequencer failed: " + e.Message, e));
            while (reader.TryRead(out var request)) request.Fail(Stopped!);
        }
        finally
        {
            releases.Writer.TryComplete();
        }
    }

    private void CountSnapshotFailure()
    {
        if (ReferenceEquals(lastCountedSnapshot, engine.SnapshotWritten)) return;
        lastCountedSnapshot = engine.SnapshotWritten;
        Interlocked.Increment(ref snapshotFailures);
    }

    private async Task ReleaseAsync()
    {
        await foreach (var request in releases.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (Stopped is { } reason)
            {
                request.Fail(reason);
                continue;
            }

            try
            {
                await request.Durable.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Stop(new HostStoppedException("the journal failed, nothing after the failure is acknowledged: " + e.Message, e));
                request.Fail(Stopped!);
                continue;
            }

            request.Release(this);
        }
    }

    private void Stop(HostStoppedException reason)
    {
        if (Interlocked.CompareExchange(ref stopped, reason, null) is not null) return;
        requests.Writer.TryComplete();
        Events.End(reason);
    }

    /// <summary>Stops taking requests, finishes (and acknowledges) those queued, waits for the last snapshot, closes the journal.</summary>
    public async ValueTask DisposeAsync()
    {
        requests.Writer.TryComplete();
        await Task.Run(sequencer.Join).ConfigureAwait(false);
        await releaser.ConfigureAwait(false);
        Stop(new HostStoppedException("shut down"));
        try
        {
            await engine.SnapshotWritten.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The journal holds every command; a missing snapshot only lengthens the next recovery.
            CountSnapshotFailure();
        }

        await journal.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A queued request: applied on the sequencer thread, released once <see cref="Durable"/> completes.</summary>
    private abstract class Request
    {
        public Task Durable { get; protected set; } = Task.CompletedTask;

        public abstract void Apply(EngineHost host);

        public abstract void Release(EngineHost host);

        public abstract void Fail(Exception reason);
    }

    private sealed class CommandRequest(Command command) : Request
    {
        private long sequence;
        private List<EngineEvent> events = [];

        public TaskCompletionSource<CommandResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Apply(EngineHost host)
        {
            var submission = host.engine.Submit(command);
            (sequence, events, Durable) = (submission.Sequence, submission.Events, submission.Durable);
            host.lastDurable = submission.Durable;
            Interlocked.Exchange(ref host.appliedSequence, submission.Sequence);
        }

        public override void Release(EngineHost host)
        {
            Interlocked.Exchange(ref host.durableSequence, sequence);
            host.Events.Publish(sequence, events);
            Result.TrySetResult(new CommandResult(sequence, events));
        }

        public override void Fail(Exception reason) => Result.TrySetException(reason);
    }

    private sealed class QueryRequest<T>(Func<MarginEngine, T> query) : Request
    {
        private T? value;
        private Exception? error;

        public TaskCompletionSource<T> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Apply(EngineHost host)
        {
            Durable = host.lastDurable;
            try
            {
                value = query(host.engine.Engine);
            }
            catch (Exception e)
            {
                // The caller's query failed, not the engine: it reads only.
                error = e;
            }
        }

        public override void Release(EngineHost host)
        {
            if (error is not null) Result.TrySetException(error);
            else Result.TrySetResult(value!);
        }

        public override void Fail(Exception reason) => Result.TrySetException(reason);
    }
}
