using System.Buffers;
using MarginCall.Engine.Snapshots;

namespace MarginCall.Engine;

/// <summary>Snapshots: the whole state in the canonical encoding, and an engine loaded from one.</summary>
public sealed partial class MarginEngine
{
    /// <summary>
    /// Writes a snapshot of the engine (format in <see cref="SnapshotFormat"/>, documented in docs/sequencer.md): everything
    /// needed to continue — venue, options, marks and oracle state, books, accounts, funds, funding, the liquidation ledger,
    /// the sequence number — but nothing derived. Loading it and applying the rest of a log gives the same events and state
    /// hash as applying the whole log.
    /// </summary>
    public void WriteSnapshot(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        SnapshotFormat.Write(State, UsesFullScan, output);
    }

    /// <summary>The snapshot as an array (see <see cref="WriteSnapshot(IBufferWriter{byte})"/>).</summary>
    public byte[] WriteSnapshot()
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        WriteSnapshot(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// An engine in the state <paramref name="snapshot"/> holds, with the same detector choice; its derived structures (the
    /// candidate index, the books' totals, the set of accounts in liquidation) are rebuilt, not read.
    /// </summary>
    /// <exception cref="SnapshotFormatException">Truncated, not a snapshot, another format version, a checksum mismatch, or a
    /// field that does not decode (the exception names it).</exception>
    public static MarginEngine LoadSnapshot(ReadOnlySpan<byte> snapshot)
    {
        var (state, fullScan) = SnapshotFormat.Read(snapshot);
        var engine = new MarginEngine(state, fullScan);
        engine.TrackEveryAccount();
        return engine;
    }

    /// <summary>
    /// Replaces the detector by a new one that has seen every account at the current prices — what
    /// <see cref="LoadSnapshot"/> builds. Tests compare a loaded engine's index with a live engine's rebuilt this way.
    /// </summary>
    internal void RebuildDetector()
    {
        detector = NewDetector();
        TrackEveryAccount();
    }

    // Evaluation is free of side effects but the detector's record of the account, so this changes no state.
    private void TrackEveryAccount()
    {
        if (!detector.UsesBands)
        {
            return;
        }

        for (var slot = 0; slot < State.Accounts.Count; slot++)
        {
            Evaluate(slot);
        }
    }
}
