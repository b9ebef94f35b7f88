using System.Runtime.CompilerServices;
using MarginCall.Storage.Io;

namespace MarginCall.Storage.Journal;

/// <summary>
/// The embedded journal: a directory of segment files (<see cref="SegmentFormat"/>), one writer (held by
/// <c>writer.lock</c>), group commit with one fsync per batch. Opening it recovers: every segment is verified, a torn last
/// write is truncated, and a corrupt record elsewhere throws <see cref="JournalCorruptException"/>.
/// </summary>
public sealed class FileJournal : IJournal
{
    /// <summary>The lock file name inside the journal directory.</summary>
    public const string LockFileName = "writer.lock";

    private readonly string directory;
    private readonly FileJournalOptions options;
    private readonly FileStream writerLock;
    private readonly Lock segmentsGate = new();
    private readonly List<(long FirstSequence, string Path)> segments;
    private readonly GroupCommitter committer;
    private IDurableFile active;
    private long durableNext;
    private byte[] buffer = new byte[64 << 10];

    private FileJournal(string directory, FileJournalOptions options, FileStream writerLock, WalkResult walk)
    {
        this.directory = directory;
        this.options = options;
        this.writerLock = writerLock;
        segments = walk.Segments;
        long next = segments.Count == 0 ? options.FirstSequence : walk.NextSequence;
        durableNext = next;
        Recovery = new RecoveryReport(segments.Count, walk.Records, next, walk.TornBytes);
        if (segments.Count == 0 || walk.LastSegmentValidLength < 0)
        {
            if (segments.Count > 0)
            {
                File.Delete(segments[^1].Path);
                segments.RemoveAt(segments.Count - 1);
            }
            active = CreateSegment(next);
        }
        else
        {
            var (_, path) = segments[^1];
            if (walk.TornBytes > 0)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
                stream.SetLength(walk.LastSegmentValidLength);
                stream.Flush(flushToDisk: true);
            }
            active = options.OpenFile(path, create: false);
        }
        committer = new GroupCommitter(next, options.GroupCommit, WriteBatch);
    }

    /// <summary>Opens (creating if needed) the journal in <paramref name="directory"/>, recovering it.</summary>
    /// <exception cref="JournalLockedException">Another process or instance writes this journal.</exception>
    /// <exception cref="JournalCorruptException">A record other than a torn last write is invalid.</exception>
    public static FileJournal Open(string directory, FileJournalOptions? options = null)
    {
        options ??= new FileJournalOptions();
        Directory.CreateDirectory(directory);
        FileStream writerLock;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; the kernel releases it when the process dies.
            writerLock = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new JournalLockedException(directory, ex);
        }
        try
        {
            var walk = new WalkResult();
            foreach (var _ in SegmentWalker.Walk(directory, long.MaxValue, verifyAll: true, walk)) { }
            return new FileJournal(directory, options, writerLock, walk);
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>What recovery found when the journal was opened.</summary>
    public RecoveryReport Recovery { get; }

    /// <inheritdoc />
    public long NextSequence => committer.NextSequence;

    /// <summary>Batches made durable since opening (records ÷ batches is the group-commit factor).</summary>
    public long Batches => committer.Batches;

    /// <summary>Segment files currently in the directory (after rolls and retention).</summary>
    public int SegmentCount { get { lock (segmentsGate) return segments.Count; } }

    /// <inheritdoc />
    public Task AppendAsync(long sequence, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > SegmentFormat.MaxPayload) throw new ArgumentOutOfRangeException(nameof(payload), "payload over 64 MiB");
        return committer.Enqueue(sequence, payload.Span);
    }

    private ValueTask WriteBatch(List<PendingRecord> batch)
    {
        int size = 0;
        foreach (var record in batch) size += SegmentFormat.FrameSize(record.Payload.Length);
        if (buffer.Length < size) buffer = new byte[Math.Max(size, buffer.Length * 2)];
        int offset = 0;
        foreach (var record in batch)
        {
            SegmentFormat.WriteFrame(buffer.AsSpan(offset), record.Sequence, record.Payload.Span);
            offset += SegmentFormat.FrameSize(record.Payload.Length);
        }
        long first = batch[0].Sequence;
        try
        {
            active.Write(buffer.AsSpan(0, size));
        }
        catch (IOException ex)
        {
            throw new JournalWriteException(IsDiskFull(ex) ? WriteFailure.DiskFull : WriteFailure.Write, first, ex.Message, ex);
        }
        try
        {
            active.Sync();
        }
        catch (IOException ex)
        {
            throw new JournalWriteException(IsDiskFull(ex) ? WriteFailure.DiskFull : WriteFailure.Sync, first, ex.Message, ex);
        }
        Volatile.Write(ref durableNext, batch[^1].Sequence + 1);
        if (active.Length >= options.SegmentBytes) Roll(batch[^1].Sequence + 1);
        return ValueTask.CompletedTask;
    }

    /// <summary>ENOSPC is errno 28 on Linux; .NET reports unmapped errnos as the IOException's HResult.</summary>
    private static bool IsDiskFull(IOException ex) => ex.HResult == 28 || ex.HResult == unchecked((int)0x80070070);

    private void Roll(long nextSequence)
    {
        try
        {
            active.Dispose();
            active = CreateSegment(nextSequence);
        }
        catch (IOException ex)
        {
            throw new JournalWriteException(IsDiskFull(ex) ? WriteFailure.DiskFull : WriteFailure.Write, nextSequence, "segment roll: " + ex.Message, ex);
        }
    }

    /// <summary>Creates a segment with its header, synced, and syncs the directory so the new name survives a crash.</summary>
    private IDurableFile CreateSegment(long firstSequence)
    {
        string path = Path.Combine(directory, SegmentFormat.FileName(firstSequence));
        var file = options.OpenFile(path, create: true);
        Span<byte> header = stackalloc byte[SegmentFormat.HeaderSize];
        SegmentFormat.WriteHeader(header, firstSequence);
        file.Write(header);
        file.Sync();
        DirectorySync.Sync(directory);
        lock (segmentsGate) segments.Add((firstSequence, path));
        return file;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalRecord> ReadAsync(long fromSequence, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await Task.Yield();
        long limit = Volatile.Read(ref durableNext);
        foreach (var record in SegmentWalker.Walk(directory, fromSequence, verifyAll: false, new WalkResult()))
        {
            if (record.Sequence >= limit) yield break;
            cancellation.ThrowIfCancellationRequested();
            yield return record;
        }
    }

    /// <inheritdoc />
    public Task ApplyRetentionAsync(long snapshotSequence)
    {
        if (options.Retention == RetentionPolicy.Keep) return Task.CompletedTask;
        string archive = Path.Combine(directory, "archive");
        lock (segmentsGate)
        {
            // Segment i holds [first_i, first_{i+1}); it is covered when first_{i+1} - 1 <= snapshotSequence. The active one never is.
            int covered = 0;
            while (covered + 1 < segments.Count && segments[covered + 1].FirstSequence - 1 <= snapshotSequence) covered++;
            if (covered == 0) return Task.CompletedTask;
            if (options.Retention == RetentionPolicy.Archive) Directory.CreateDirectory(archive);
            for (int i = 0; i < covered; i++)
            {
                string path = segments[i].Path;
                if (options.Retention == RetentionPolicy.Archive) File.Move(path, Path.Combine(archive, Path.GetFileName(path)));
                else File.Delete(path);
            }
            segments.RemoveRange(0, covered);
        }
        if (options.Retention == RetentionPolicy.Archive) DirectorySync.Sync(archive);
        DirectorySync.Sync(directory);
        return Task.CompletedTask;
    }

    /// <summary>Waits for queued appends, then closes the segment and releases the writer lock.</summary>
    public async ValueTask DisposeAsync()
    {
        await committer.DisposeAsync().ConfigureAwait(false);
        active.Dispose();
        writerLock.Dispose();
    }
}
