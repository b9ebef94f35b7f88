namespace MarginCall.Storage.Snapshots;

/// <summary>A stored snapshot: the engine state after applying every record up to and including <see cref="Sequence"/>.</summary>
/// <param name="Sequence">The last sequence the snapshot includes.</param>
/// <param name="State">The encoded engine state (the snapshot writer's bytes, opaque to storage).</param>
public sealed record Snapshot(long Sequence, ReadOnlyMemory<byte> State);

/// <summary>A snapshot that was found but not used, and why.</summary>
public sealed record SnapshotRejection(string Name, long Sequence, string Reason);

/// <summary>The latest valid snapshot, and the newer ones that were rejected on the way to it.</summary>
public sealed record SnapshotLoad(Snapshot? Latest, IReadOnlyList<SnapshotRejection> Rejected);

/// <summary>Durable, checksummed snapshots; the latest valid one is what recovery starts from.</summary>
public interface ISnapshotStore
{
    /// <summary>Stores a snapshot durably; returns only once it would survive a crash.</summary>
    Task SaveAsync(Snapshot snapshot, CancellationToken cancellation = default);

    /// <summary>
    /// The newest snapshot whose checksum verifies; newer corrupt ones are reported in <see cref="SnapshotLoad.Rejected"/>
    /// (never silently skipped).
    /// </summary>
    Task<SnapshotLoad> LoadLatestAsync(CancellationToken cancellation = default);
}
