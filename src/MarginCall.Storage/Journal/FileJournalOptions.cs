using MarginCall.Storage.Io;

namespace MarginCall.Storage.Journal;

/// <summary>Settings of a <see cref="FileJournal"/>.</summary>
public sealed record FileJournalOptions
{
    /// <summary>A segment is closed and a new one started once it reaches this size (after the batch that crossed it).</summary>
    public long SegmentBytes { get; init; } = 64L << 20;

    /// <summary>Group commit bounds.</summary>
    public GroupCommitOptions GroupCommit { get; init; } = GroupCommitOptions.Default;

    /// <summary>What <see cref="FileJournal.ApplyRetentionAsync"/> does with covered segments.</summary>
    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Keep;

    /// <summary>
    /// The sequence of the first record of an empty journal: 0 by default, where an engine log keeps its genesis
    /// (<see cref="Sequencing.CommandLog.GenesisSequence"/>).
    /// </summary>
    public long FirstSequence { get; init; } = Sequencing.CommandLog.GenesisSequence;

    /// <summary>Opens segment files; a seam for fault injection in tests.</summary>
    internal DurableFileOpener OpenFile { get; init; } = DurableFile.Open;
}
