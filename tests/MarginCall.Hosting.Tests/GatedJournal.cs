using MarginCall.Storage;

namespace MarginCall.Hosting.Tests;

/// <summary>
/// A real journal whose acknowledgements the test controls: every append reaches the inner journal at once (so the
/// records are written), but its task completes only once the gate is open — the situation of a slow fsync. From
/// <see cref="FailFrom"/> on, appends fail as a lost write does (the inner journal never sees them).
/// </summary>
internal sealed class GatedJournal(IJournal inner) : IJournal
{
    private TaskCompletionSource gate = NewGate(open: true);
    private long failedNext;

    public long? FailFrom { get; set; }

    public long NextSequence => Math.Max(inner.NextSequence, failedNext);

    public void Close() => gate = NewGate(open: false);

    public void Open() => gate.TrySetResult();

    public Task AppendAsync(long sequence, ReadOnlyMemory<byte> payload)
    {
        if (sequence >= FailFrom)
        {
            // Like a real journal, the sequence is taken even though the record is lost.
            failedNext = sequence + 1;
            return Task.FromException(new JournalWriteException(WriteFailure.Sync, sequence, "injected: fsync failed"));
        }

        var durable = inner.AppendAsync(sequence, payload);
        var open = gate.Task;
        return Task.WhenAll(durable, open);
    }

    public IAsyncEnumerable<JournalRecord> ReadAsync(long fromSequence, CancellationToken cancellation = default) => inner.ReadAsync(fromSequence, cancellation);

    public Task ApplyRetentionAsync(long snapshotSequence) => inner.ApplyRetentionAsync(snapshotSequence);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static TaskCompletionSource NewGate(bool open)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) source.SetResult();
        return source;
    }
}
