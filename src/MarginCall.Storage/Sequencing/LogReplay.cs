using MarginCall.Engine;
using MarginCall.Engine.Events;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.Sequencing;

/// <summary>
/// Rebuilds an engine from a log, one record at a time, from its genesis (record 0) or from a snapshot: what recovery
/// (<see cref="JournaledEngine.RecoverAsync"/>) and the journal tools (<c>margincall journal replay|explain</c>) run.
/// </summary>
public sealed class LogReplay
{
    private MarginEngine? engine;

    /// <summary>A replay from the genesis: the first record it is given must be record 0.</summary>
    public LogReplay()
    {
    }

    /// <summary>A replay from a stored snapshot (<see cref="CommandLog.LoadFrom"/>): the first record must follow it.</summary>
    public LogReplay(Snapshot snapshot)
    {
        engine = CommandLog.LoadFrom(snapshot);
        FromSnapshot = snapshot.Sequence;
    }

    /// <summary>The sequence of the snapshot the replay started from; null from the genesis.</summary>
    public long? FromSnapshot { get; }

    /// <summary>The sequence of the record the replay needs next.</summary>
    public long NextSequence => engine is null ? CommandLog.GenesisSequence : engine.View.Sequence + 1;

    /// <summary>Commands applied so far (the genesis not counted).</summary>
    public long Replayed { get; private set; }

    /// <summary>Applies the next record, appending the command's events to <paramref name="events"/> (none for the genesis).</summary>
    /// <exception cref="JournalRecordException">The record is not the next one, or does not decode (field named).</exception>
    public void Apply(JournalRecord record, List<EngineEvent> events)
    {
        if (engine is null)
        {
            engine = CommandLog.StartFrom(record);
            return;
        }
        long expected = engine.View.Sequence + 1;
        if (record.Sequence != expected)
            throw new JournalRecordException(record.Sequence, "sequence",
                $"the engine is at {expected - 1}, so the next record must be {expected}: records {expected}..{record.Sequence - 1} are missing (retention ran past the snapshot used?)");
        engine.Submit(CommandLog.DecodeCommand(record), events);
        Replayed++;
    }

    /// <summary>The engine after the records applied.</summary>
    /// <exception cref="JournalRecordException">There was neither a snapshot nor a genesis record.</exception>
    public MarginEngine Engine => engine
        ?? throw new JournalRecordException(CommandLog.GenesisSequence, "genesis", "the journal is empty and there is no snapshot: nothing to replay");
}
