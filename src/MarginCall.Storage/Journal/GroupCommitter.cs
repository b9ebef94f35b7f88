namespace MarginCall.Storage.Journal;

/// <summary>A record of a batch being made durable: its sequence and its payload (valid until the sink returns).</summary>
internal readonly record struct PendingRecord(long Sequence, ReadOnlyMemory<byte> Payload);

/// <summary>How appends are grouped into one durable write.</summary>
/// <param name="MaxRecords">A batch holds at most this many records.</param>
/// <param name="MaxDelay">
/// How long the first record of a batch may wait for company before the batch is flushed. Zero is natural batching:
/// whatever queued while the previous fsync ran goes in the next one. Wall-clock time is I/O plumbing here; it never
/// reaches the engine, whose results do not depend on how records were batched.
/// </param>
public sealed record GroupCommitOptions(int MaxRecords = 4096, TimeSpan MaxDelay = default)
{
    /// <summary>The default: up to 4,096 records, natural batching.</summary>
    public static GroupCommitOptions Default { get; } = new();
}

/// <summary>
/// Single-writer group commit: appends fill batches in sequence order; one loop takes the oldest batch and hands it to
/// a sink that must make it durable (one fsync or one database commit per batch). Acknowledgements complete only after
/// the sink returns. If the sink throws, that batch and everything queued behind it fault, and the committer refuses
/// further appends — a record after a lost one is never acknowledged.
/// </summary>
/// <remarks>
/// The LMAX disruptor's lesson applied to the append path, which runs on the sequencer thread: per record it only
/// copies the payload into the open batch's buffer under one short lock — no task, no channel node, no array. Every
/// record of a batch shares the batch's acknowledgement task (one allocation per batch), and batch buffers are reused.
/// </remarks>
internal sealed class GroupCommitter : IAsyncDisposable
{
    private readonly Func<List<PendingRecord>, ValueTask> sink;
    private readonly GroupCommitOptions options;
    private readonly Lock gate = new();
    private readonly Queue<Batch> full = new();
    private readonly Stack<Batch> spare = new();
    private readonly SemaphoreSlim wake = new(0);
    private readonly Task loop;
    private Batch? open;
    private bool writerWaiting;
    private bool closed;
    private long nextSequence;
    private Exception? fault;

    public GroupCommitter(long nextSequence, GroupCommitOptions options, Func<List<PendingRecord>, ValueTask> sink)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecords, 1, nameof(options));
        this.nextSequence = nextSequence;
        this.options = options;
        this.sink = sink;
        loop = Task.Run(RunAsync);
    }

    public long NextSequence { get { lock (gate) return nextSequence; } }

    /// <summary>Batches flushed so far (for measuring the group-commit factor).</summary>
    public long Batches { get; private set; }

    /// <summary>Queues a copy of <paramref name="payload"/>; the task (shared by the batch) completes once it is durable.</summary>
    public Task Enqueue(long sequence, ReadOnlySpan<byte> payload)
    {
        lock (gate)
        {
            if (fault is not null)
                throw new JournalWriteException(WriteFailure.Faulted, sequence, "an earlier write failed", fault);
            if (closed) throw new ObjectDisposedException(nameof(GroupCommitter));
            if (sequence != nextSequence) throw new JournalSequenceException(nextSequence, sequence);
            if (open is null || open.Count >= options.MaxRecords)
            {
                open = spare.TryPop(out var reused) ? reused : new Batch();
                open.Start();
                full.Enqueue(open);
            }
            open.Add(sequence, payload);
            nextSequence++;
            if (writerWaiting)
            {
                writerWaiting = false;
                wake.Release();
            }
            return open.Acknowledgement;
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            Batch? batch;
            lock (gate)
            {
                if (!full.TryPeek(out batch))
                {
                    if (closed) return;
                    writerWaiting = true;
                }
            }
            if (batch is null)
            {
                await wake.WaitAsync().ConfigureAwait(false);
                continue;
            }
            if (options.MaxDelay > TimeSpan.Zero) await LingerAsync(batch).ConfigureAwait(false);
            lock (gate)
            {
                full.Dequeue();
                if (ReferenceEquals(open, batch)) open = null;
            }
            var records = batch.Records();
            try
            {
                await sink(records).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                FailFrom(batch, ex);
                return;
            }
            Batches++;
            batch.Complete();
            lock (gate) spare.Push(batch);
        }
    }

    /// <summary>The first record of a batch waits up to <see cref="GroupCommitOptions.MaxDelay"/> for the batch to fill.</summary>
    private async Task LingerAsync(Batch batch)
    {
        var left = options.MaxDelay - batch.Age;
        while (left > TimeSpan.Zero)
        {
            lock (gate)
            {
                if (batch.Count >= options.MaxRecords || closed) return;
            }
            await Task.Delay(left < TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
            left = options.MaxDelay - batch.Age;
        }
    }

    private void FailFrom(Batch failed, Exception ex)
    {
        var failure = ex as JournalWriteException
            ?? new JournalWriteException(WriteFailure.Write, failed.FirstSequence, ex.Message, ex);
        List<Batch> behind;
        lock (gate)
        {
            fault = failure;
            closed = true;
            behind = [.. full];
            full.Clear();
            open = null;
        }
        failed.Fail(failure);
        foreach (var batch in behind) batch.Fail(failure);
    }

    /// <summary>Stops accepting appends and waits until everything queued is durable (or failed).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            closed = true;
            if (writerWaiting)
            {
                writerWaiting = false;
                wake.Release();
            }
        }
        await loop.ConfigureAwait(false);
        wake.Dispose();
    }

    /// <summary>Records appended together: their payloads back to back in one reused buffer, one acknowledgement.</summary>
    private sealed class Batch
    {
        private readonly List<(long Sequence, int Offset, int Length)> index = [];
        private readonly List<PendingRecord> records = [];
        private byte[] bytes = new byte[64 * 1024];
        private int used;
        private long started;
        private TaskCompletionSource acknowledgement = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => index.Count;

        public long FirstSequence => index[0].Sequence;

        public Task Acknowledgement => acknowledgement.Task;

        public TimeSpan Age => System.Diagnostics.Stopwatch.GetElapsedTime(started);

        public void Start()
        {
            index.Clear();
            used = 0;
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            acknowledgement = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Add(long sequence, ReadOnlySpan<byte> payload)
        {
            if (bytes.Length - used < payload.Length) Array.Resize(ref bytes, Math.Max(bytes.Length * 2, used + payload.Length));
            payload.CopyTo(bytes.AsSpan(used));
            index.Add((sequence, used, payload.Length));
            used += payload.Length;
        }

        /// <summary>The records over the final buffer (taken once the batch is closed to appends).</summary>
        public List<PendingRecord> Records()
        {
            records.Clear();
            foreach (var (sequence, offset, length) in index) records.Add(new PendingRecord(sequence, bytes.AsMemory(offset, length)));
            return records;
        }

        public void Complete() => acknowledgement.TrySetResult();

        public void Fail(Exception failure) => acknowledgement.TrySetException(failure);
    }
}
