using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.Sequencing;

/// <summary>
/// The engine behind a journal: each command is appended (sequence = the engine's next sequence) and applied at once —
/// the engine is deterministic, so applying before the append is durable changes nothing a replay would not reproduce —
/// but its events may be released only when <see cref="Submission.Durable"/> completes. That pipelining is what lets
/// group commit batch many commands per fsync. Every <c>snapshotEvery</c> commands a snapshot is written once the
/// command it follows is durable. One thread calls <see cref="Submit"/> (the sequencer).
/// </summary>
public sealed class JournaledEngine(MarginEngine engine, IJournal journal, ICommandEncoding encoding, ISnapshotStore? snapshots = null,
    long snapshotEvery = 0)
{
    private long sinceSnapshot;
    private Task pendingSnapshot = Task.CompletedTask;

    /// <summary>The engine (read it through its view; change it only through <see cref="Submit"/>).</summary>
    public MarginEngine Engine => engine;

    /// <summary>Journals and applies <paramref name="command"/>.</summary>
    public Submission Submit(Command command)
    {
        long sequence = journal.NextSequence;
        var durable = journal.AppendAsync(sequence, encoding.Encode(command));
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
    /// Recovery: the latest valid snapshot (or <paramref name="genesis"/> when there is none), then every journal record
    /// after it, applied in order. Rejected newer snapshots are returned with their reasons.
    /// </summary>
    public static async Task<(MarginEngine Engine, long Sequence, SnapshotLoad Snapshots)> RecoverAsync(
        Func<MarginEngine> genesis, IJournal journal, ISnapshotStore snapshots, ICommandEncoding encoding, CancellationToken cancellation = default)
    {
        var load = await snapshots.LoadLatestAsync(cancellation).ConfigureAwait(false);
        var engine = load.Latest is { } snapshot ? MarginEngine.LoadSnapshot(snapshot.State.Span) : genesis();
        long last = load.Latest?.Sequence ?? 0;
        await foreach (var record in journal.ReadAsync(last + 1, cancellation).ConfigureAwait(false))
        {
            if (record.Sequence != last + 1)
                throw new StorageException($"the journal resumes at {record.Sequence} but the state is at {last}: records {last + 1}.. are missing (retention ran past the snapshot used?)");
            engine.Submit(encoding.Decode(record.Payload.Span));
            last = record.Sequence;
        }
        return (engine, last, load);
    }
}

/// <summary>A journalled command: its sequence, its events, and the acknowledgement to await before releasing them.</summary>
public readonly record struct Submission(long Sequence, List<EngineEvent> Events, Task Durable);
