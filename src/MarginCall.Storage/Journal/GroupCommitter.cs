using System.Diagnostics;
using System.Threading.Channels;

namespace MarginCall.Storage.Journal;

/// <summary>A record waiting for its batch to become durable, with the acknowledgement to complete.</summary>
internal readonly record struct PendingRecord(long Sequence, ReadOnlyMemory<byte> Payload, TaskCompletionSource Acknowledgement);

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
/// Single-writer group commit: appends queue in sequence order; one loop drains them in batches and hands each batch to
/// a sink that must make it durable (one fsync or one database commit per batch). Acknowledgements complete only after
/// the sink returns. If the sink throws, that batch and everything queued behind it fault, and the committer refuses
/// further appends — a record after a lost one is never acknowledged.
/// </summary>
internal sealed class GroupCommitter : IAsyncDisposable
{
    private readonly Channel<PendingRecord> queue = Channel.CreateUnbounded<PendingRecord>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly Func<List<PendingRecord>, ValueTask> sink;
    private readonly GroupCommitOptions options;
    private readonly Lock gate = new();
    private readonly Task loop;
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

    public Task Enqueue(long sequence, ReadOnlyMemory<byte> payload)
    {
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (fault is not null)
                throw new JournalWriteException(WriteFailure.Faulted, sequence, "an earlier write failed", fault);
            if (sequence != nextSequence) throw new JournalSequenceException(nextSequence, sequence);
            if (!queue.Writer.TryWrite(new PendingRecord(sequence, payload, ack)))
                throw new ObjectDisposedException(nameof(GroupCommitter));
            nextSequence++;
        }
        return ack.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingRecord>(Math.Min(options.MaxRecords, 65536));
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < options.MaxRecords && reader.TryRead(out var record)) batch.Add(record);
            if (options.MaxDelay > TimeSpan.Zero && batch.Count < options.MaxRecords) await LingerAsync(batch).ConfigureAwait(false);
            if (batch.Count == 0) continue;
            try
            {
                await sink(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                FailFrom(batch, ex);
                return;
            }
            Batches++;
            foreach (var record in batch) record.Acknowledgement.TrySetResult();
        }
    }

    private async Task LingerAsync(List<PendingRecord> batch)
    {
        var reader = queue.Reader;
        long deadline = Stopwatch.GetTimestamp() + (long)(options.MaxDelay.TotalSeconds * Stopwatch.Frequency);
        while (batch.Count < options.MaxRecords)
        {
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0) return;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
            try
            {
                if (!await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            while (batch.Count < options.MaxRecords && reader.TryRead(out var record)) batch.Add(record);
        }
    }

    private void FailFrom(List<PendingRecord> batch, Exception ex)
    {
        var failure = ex as JournalWriteException
            ?? new JournalWriteException(WriteFailure.Write, batch[0].Sequence, ex.Message, ex);
        lock (gate)
        {
            fault = failure;
            queue.Writer.TryComplete();
        }
        foreach (var record in batch) record.Acknowledgement.TrySetException(failure);
        while (queue.Reader.TryRead(out var queued)) queued.Acknowledgement.TrySetException(failure);
    }

    /// <summary>Stops accepting appends and waits until everything queued is durable (or failed).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (gate) queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }
}
