using System.Buffers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Wire;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.Sequencing;

/// <summary>
/// The engine behind a journal (the log format is <see cref="CommandLog"/>): each command is appended in the engine's
/// wire codec (sequence = the engine's next sequence) and applied at once — the engine is deterministic, so applying
/// before the append is durable changes nothing a replay would not reproduce — but its events may be released only when
/// <see cref="Submission.Durable"/> completes. That pipelining is what lets group commit batch many commands per fsync.
/// Every <c>snapshotEvery</c> commands the engine's snapshot is copied on the sequencer thread and written once the
/// command it follows is durable. One thread calls <see cref="Submit"/> (the sequencer).
/// </summary>
public sealed class JournaledEngine
{
    private readonly MarginEngine engine;
    private readonly IJournal journal;
    private readonly ISnapshotStore? snapshots;
    private readonly long snapshotEvery;
    // One encoder reused by the sequencer thread; the journal copies the payload, so no array is allocated per command.
    private readonly ArrayBufferWriter<byte> encoder = new(256);
    private long sinceSnapshot;
    private Task pendingSnapshot = Task.CompletedTask;

    private JournaledEngine(MarginEngine engine, IJournal journal, ISnapshotStore? snapshots, long snapshotEvery)
    {
        if (journal.NextSequence != engine.View.Sequence + 1)
            throw new StorageException($"the journal's next sequence is {journal.NextSequence} but the engine's is {engine.View.Sequence + 1}");
        this.engine = engine;
        this.journal = journal;
        this.snapshots = snapshots;
        this.snapshotEvery = snapshotEvery;
    }

    /// <summary>The engine (read it through its view; change it only through <see cref="Submit"/>).</summary>
    public MarginEngine Engine => engine;

    /// <summary>
    /// Starts a new log in an empty journal (opened with its first sequence at <see cref="CommandLog.GenesisSequence"/>):
    /// the genesis is validated by building the engine, then appended as record 0; returns once it is durable.
    /// </summary>
    public static async Task<JournaledEngine> StartAsync(Genesis genesis, IJournal journal, ISnapshotStore? snapshots = null, long snapshotEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (journal.NextSequence != CommandLog.GenesisSequence)
            throw new StorageException($"a new log starts with its genesis at sequence {CommandLog.GenesisSequence}, but the journal's next sequence is {journal.NextSequence} (not empty, or not opened with FirstSequence = 0)");
        var engine = new MarginEngine(genesis);
        await journal.AppendAsync(CommandLog.GenesisSequence, GenesisCodec.Encode(genesis)).ConfigureAwait(false);
        return new JournaledEngine(engine, journal, snapshots, snapshotEvery);
    }

    /// <summary>
    /// Opens the log in <paramref name="journal"/>: recovers it (<see cref="RecoverAsync"/>), or starts it with
    /// <paramref name="genesis"/> when the journal is empty. Appends then continue after the last durable record.
    /// </summary>
    public static async Task<(JournaledEngine Engine, EngineRecovery? Recovery)> OpenAsync(IJournal journal, ISnapshotStore snapshots, Genesis genesis, long snapshotEvery = 0,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (journal.NextSequence == CommandLog.GenesisSequence)
            return (await StartAsync(genesis, journal, snapshots, snapshotEvery).ConfigureAwait(false), null);
        var recovery = await RecoverAsync(journal, snapshots, cancellation).ConfigureAwait(false);
        return (new JournaledEngine(recovery.Engine, journal, snapshots, snapshotEvery), recovery);
    }

    /// <summary>Journals and applies <paramref name="command"/>.</summary>
    public Submission Submit(Command command)
    {
        long sequence = journal.NextSequence;
        encoder.ResetWrittenCount();
        CommandCodec.Write(new WireWriter(encoder), command);
        var durable = journal.AppendAsync(sequence, encoder.WrittenMemory);
        var events = engine.Submit(command);
        if (snapshots is not null && snapshotEvery > 0 && ++sinceSnapshot >= snapshotEvery && pendingSnapshot.IsCompleted)
        {
            sinceSnapshot = 0;
            // The copy is taken now, on the sequencer thread; only the write waits for durability, off the sequencer.
            byte[] state = engine.WriteSnapshot();
            pendingSnapshot = SaveAfterAsync(durable, new Snapshot(sequence, state));
        }
        return new Submission(sequence, events, durable);
    }

    private async Task SaveAfterAsync(Task durable, Snapshot snapshot)
    {
        await durable.ConfigureAwait(false);
        await snapshots!.SaveAsync(snapshot).ConfigureAwait(false);
        await journal.ApplyRetentionAsync(snapshot.Sequence).ConfigureAwait(false);
    }

    /// <summary>Waits for the last snapshot write (it faults if the snapshot could not be written).</summary>
    public Task SnapshotWritten => pendingSnapshot;

    /// <summary>
    /// Recovery: the latest valid snapshot loaded as the engine (or, when there is none or <paramref name="snapshots"/> is
    /// null, the engine built from the genesis, record 0), then every journal record after it decoded and applied in
    /// order. A journal that does not reach back to the snapshot is an error, not a silent gap.
    /// </summary>
    /// <exception cref="JournalRecordException">A record does not decode, or records are missing (named by sequence and field).</exception>
    /// <exception cref="SnapshotException">The latest valid snapshot is not an engine snapshot of its sequence.</exception>
    public static async Task<EngineRecovery> RecoverAsync(IJournal journal, ISnapshotStore? snapshots, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var load = snapshots is null ? new SnapshotLoad(null, []) : await snapshots.LoadLatestAsync(cancellation).ConfigureAwait(false);
        var replay = load.Latest is { } snapshot ? new LogReplay(snapshot) : new LogReplay();
        var events = new List<EngineEvent>();
        await foreach (var record in journal.ReadAsync(replay.NextSequence, cancellation).ConfigureAwait(false))
        {
            events.Clear();
            replay.Apply(record, events);
        }
        return new EngineRecovery(replay.Engine, replay.FromSnapshot, replay.Replayed, load.Rejected);
    }
}
/// <summary>A journalled command: its sequence, its events, and the acknowledgement to await before releasing them.</summary>
public readonly record struct Submission(long Sequence, List<EngineEvent> Events, Task Durable);

/// <summary>What recovery rebuilt.</summary>
/// <param name="Engine">The engine in the state after the last durable record.</param>
/// <param name="FromSnapshot">The sequence of the snapshot it started from; null when it replayed from the genesis.</param>
/// <param name="Replayed">Commands replayed after the snapshot (or the genesis).</param>
/// <param name="RejectedSnapshots">Newer snapshots that failed their checksum, with the reasons.</param>
public sealed record EngineRecovery(MarginEngine Engine, long? FromSnapshot, long Replayed, IReadOnlyList<SnapshotRejection> RejectedSnapshots)
{
    /// <summary>The sequence of the last record applied (the engine's sequence).</summary>
    public long Sequence => Engine.View.Sequence;
}
