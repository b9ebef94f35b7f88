using MarginCall.Storage.Journal;

namespace MarginCall.Storage.Postgres;

/// <summary>Settings of a <see cref="PostgresJournal"/> and <see cref="PostgresSnapshotStore"/>.</summary>
public sealed record PostgresJournalOptions
{
    /// <summary>Schema holding the <c>journal</c>, <c>journal_archive</c> and <c>snapshots</c> tables (created if absent).</summary>
    public string Schema { get; init; } = "margincall";

    /// <summary>Group commit bounds: one binary COPY (one transaction) per batch.</summary>
    public GroupCommitOptions GroupCommit { get; init; } = GroupCommitOptions.Default;

    /// <summary>What retention does with rows already in a snapshot.</summary>
    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Keep;

    /// <summary>
    /// The sequence of the first record of an empty journal: 0 by default, where an engine log keeps its genesis
    /// (<see cref="Sequencing.CommandLog.GenesisSequence"/>).
    /// </summary>
    public long FirstSequence { get; init; } = Sequencing.CommandLog.GenesisSequence;
}
