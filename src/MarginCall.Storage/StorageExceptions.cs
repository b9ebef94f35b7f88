namespace MarginCall.Storage;

/// <summary>Base of every storage failure.</summary>
public class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>An append out of order: the journal expected <see cref="Expected"/> and was given <see cref="Actual"/>.</summary>
public sealed class JournalSequenceException(long expected, long actual)
    : StorageException($"journal expected sequence {expected}, got {actual}")
{
    /// <summary>The sequence the journal expected.</summary>
    public long Expected { get; } = expected;
    /// <summary>The sequence that was offered.</summary>
    public long Actual { get; } = actual;
}

/// <summary>Why a write could not be made durable.</summary>
public enum WriteFailure
{
    /// <summary>The write itself failed (I/O error).</summary>
    Write = 1,
    /// <summary>The disk is full (ENOSPC).</summary>
    DiskFull = 2,
    /// <summary>fsync failed: the kernel may have dropped the pages, so nothing since the last good sync is trusted.</summary>
    Sync = 3,
    /// <summary>The database did not confirm the commit (connection lost, server stopped).</summary>
    Database = 4,
    /// <summary>The sequence already exists (a duplicate append, refused by the primary key).</summary>
    Duplicate = 5,
    /// <summary>An earlier write failed; the journal is closed to appends until reopened (recovered).</summary>
    Faulted = 6,
}

/// <summary>Records that were not made durable and were therefore not acknowledged.</summary>
public sealed class JournalWriteException(WriteFailure failure, long firstSequence, string message, Exception? inner = null)
    : StorageException($"{failure}: records from sequence {firstSequence} not durable: {message}", inner)
{
    /// <summary>The kind of failure.</summary>
    public WriteFailure Failure { get; } = failure;
    /// <summary>The first sequence of the failed batch.</summary>
    public long FirstSequence { get; } = firstSequence;
}

/// <summary>A corrupt record that is not a torn tail: recovery stops rather than skip it.</summary>
public sealed class JournalCorruptException(string segment, long offset, long sequence, string reason)
    : StorageException($"journal corrupt in {segment} at offset {offset} (sequence {sequence}): {reason}")
{
    /// <summary>Segment file name (or table) holding the record.</summary>
    public string Segment { get; } = segment;
    /// <summary>Byte offset of the record in the segment.</summary>
    public long Offset { get; } = offset;
    /// <summary>The sequence expected (or found) at that place.</summary>
    public long Sequence { get; } = sequence;
}

/// <summary>Another writer holds the journal (writer.lock or the PostgreSQL advisory lock).</summary>
public sealed class JournalLockedException(string where, Exception? inner = null)
    : StorageException($"journal {where} is held by another writer", inner);

/// <summary>No valid snapshot could be loaded although some exist, or a snapshot write failed.</summary>
public sealed class SnapshotException(string message, Exception? inner = null) : StorageException(message, inner);

/// <summary>
/// A record that passed its checksum but is not what the engine log holds at its place: not the genesis at 0, not a
/// command that decodes, or out of order. Recovery stops on it; nothing is skipped.
/// </summary>
public sealed class JournalRecordException(long sequence, string field, string reason, Exception? inner = null)
    : StorageException($"journal record {sequence}: {field}: {reason}", inner)
{
    /// <summary>The record's sequence.</summary>
    public long Sequence { get; } = sequence;
    /// <summary>The field that failed (the wire codec's field path, or <c>sequence</c>).</summary>
    public string Field { get; } = field;
}
