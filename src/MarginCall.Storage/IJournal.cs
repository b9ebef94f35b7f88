namespace MarginCall.Storage;

/// <summary>
/// An append-only, durable log of sequenced records with a single writer. Implemented by
/// <see cref="Journal.FileJournal"/> (embedded default) and <see cref="Postgres.PostgresJournal"/>.
/// </summary>
public interface IJournal : IAsyncDisposable
{
    /// <summary>The sequence the next <see cref="AppendAsync"/> must carry.</summary>
    long NextSequence { get; }

    /// <summary>
    /// Appends a record. The sequence is checked at once (a gap or repeat throws
    /// <see cref="JournalSequenceException"/>); the returned task completes only when the record is durable — that is the
    /// acknowledgement — and faults with <see cref="JournalWriteException"/> if it could not be made durable.
    /// Once a write has failed the journal refuses every later append: nothing after a lost record is acknowledged.
    /// The payload is copied before the call returns, so the caller may reuse its buffer; records made durable together
    /// may share one acknowledgement task.
    /// </summary>
    Task AppendAsync(long sequence, ReadOnlyMemory<byte> payload);

    /// <summary>The durable records with sequence at least <paramref name="fromSequence"/>, in order, verified.</summary>
    IAsyncEnumerable<JournalRecord> ReadAsync(long fromSequence, CancellationToken cancellation = default);

    /// <summary>Applies the retention policy to records wholly before <paramref name="snapshotSequence"/> (already in a snapshot).</summary>
    Task ApplyRetentionAsync(long snapshotSequence);
}
