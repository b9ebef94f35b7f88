using MarginCall.Core.Model;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Snapshots;
using MarginCall.Engine.Wire;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.Sequencing;

/// <summary>
/// The engine's command log in a journal (docs/storage.md, "Engine log"): record 0 is the genesis in the engine's
/// <see cref="GenesisCodec"/>, record <c>n</c> ≥ 1 is the command the engine numbered <c>n</c>, in <see cref="CommandCodec"/>.
/// A snapshot taken after command <c>n</c> (the engine's MCSNAP bytes, <see cref="MarginEngine.WriteSnapshot()"/>) is
/// stored at sequence <c>n</c>, so journal sequence, engine sequence and snapshot sequence are one number.
/// </summary>
public static class CommandLog
{
    /// <summary>The sequence of the genesis record: the first record of every engine log.</summary>
    public const long GenesisSequence = 0;

    /// <summary>The genesis a log's record 0 holds.</summary>
    /// <exception cref="JournalRecordException">The record is not at sequence 0 or does not decode as a genesis.</exception>
    public static Genesis DecodeGenesis(JournalRecord record)
    {
        if (record.Sequence != GenesisSequence)
            throw new JournalRecordException(record.Sequence, "sequence", $"the log starts at record {record.Sequence}, not at its genesis (record 0): recover from a snapshot instead");
        try
        {
            return GenesisCodec.Decode(record.Payload.Span);
        }
        catch (WireFormatException e)
        {
            throw new JournalRecordException(record.Sequence, e.Field, e.Message, e);
        }
    }

    /// <summary>The command a record after the genesis holds.</summary>
    /// <exception cref="JournalRecordException">The record does not decode as exactly one command.</exception>
    public static Command DecodeCommand(JournalRecord record)
    {
        try
        {
            return CommandCodec.Decode(record.Payload.Span);
        }
        catch (WireFormatException e)
        {
            throw new JournalRecordException(record.Sequence, e.Field, e.Message, e);
        }
    }

    /// <summary>An engine built from a log's genesis record.</summary>
    /// <exception cref="JournalRecordException">The record is not a genesis this build accepts (the field is named).</exception>
    public static MarginEngine StartFrom(JournalRecord genesis)
    {
        var decoded = DecodeGenesis(genesis);
        try
        {
            return new MarginEngine(decoded);
        }
        catch (ModelValidationException e)
        {
            throw new JournalRecordException(genesis.Sequence, e.Field, e.Message, e);
        }
    }

    /// <summary>An engine loaded from a stored snapshot; the snapshot's own sequence must be the one it is stored at.</summary>
    /// <exception cref="SnapshotException">The stored bytes are not an engine snapshot of that sequence.</exception>
    public static MarginEngine LoadFrom(Snapshot snapshot)
    {
        MarginEngine engine;
        try
        {
            engine = MarginEngine.LoadSnapshot(snapshot.State.Span);
        }
        catch (SnapshotFormatException e)
        {
            throw new SnapshotException($"snapshot {snapshot.Sequence} passed its checksum but is not an engine snapshot: {e.Message}", e);
        }
        if (engine.View.Sequence != snapshot.Sequence)
            throw new SnapshotException($"snapshot stored at sequence {snapshot.Sequence} holds the engine at sequence {engine.View.Sequence}");
        return engine;
    }
}
