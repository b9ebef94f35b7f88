using MarginCall.Storage.Journal;
using MarginCall.Storage.Postgres;
using MarginCall.Storage.Snapshots;
using Npgsql;

namespace MarginCall.Storage.Tests;

/// <summary>One place (a directory, or a schema) where a journal and its snapshots live; reopened as often as a test likes.</summary>
public abstract class StorageBackend : IAsyncDisposable
{
    /// <summary>Opens the journal; an empty one starts at <paramref name="firstSequence"/> (opaque test records count from 1, an engine log from 0).</summary>
    public abstract Task<IJournal> OpenJournalAsync(RetentionPolicy retention = RetentionPolicy.Keep, long firstSequence = 1);
    public abstract ISnapshotStore Snapshots { get; }
    /// <summary>Damages the stored snapshot at <paramref name="sequence"/> (cuts it in half).</summary>
    public abstract Task TruncateSnapshotAsync(long sequence);
    public abstract ValueTask DisposeAsync();

    /// <summary>The backends the contract runs against: the file backend always, PostgreSQL when a server is configured.</summary>
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string> { "file" };
        if (PostgresFactAttribute.ConnectionString is not null) names.Add("postgres");
        return names;
    }

    public static StorageBackend Create(string name) => name switch
    {
        "file" => new FileBackend(),
        "postgres" => new PostgresBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}

public sealed class FileBackend : StorageBackend
{
    private readonly TempDirectory temp = new();

    public string JournalDirectory => Path.Combine(temp.Path, "journal");
    public string SnapshotDirectory => Path.Combine(temp.Path, "snapshots");

    public override Task<IJournal> OpenJournalAsync(RetentionPolicy retention = RetentionPolicy.Keep, long firstSequence = 1) =>
        Task.FromResult<IJournal>(FileJournal.Open(JournalDirectory, new FileJournalOptions { FirstSequence = firstSequence, Retention = retention, SegmentBytes = 1024 }));

    public override ISnapshotStore Snapshots => new FileSnapshotStore(SnapshotDirectory);

    public override Task TruncateSnapshotAsync(long sequence)
    {
        string path = Path.Combine(SnapshotDirectory, $"{sequence:D20}.snapshot");
        using var stream = new FileStream(path, FileMode.Open);
        stream.SetLength(stream.Length / 2);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        temp.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresBackend : StorageBackend
{
    public PostgresBackend()
    {
        DataSource = NpgsqlDataSource.Create(PostgresFactAttribute.ConnectionString
            ?? throw new InvalidOperationException("MARGINCALL_TEST_PG is not set"));
    }

    public NpgsqlDataSource DataSource { get; }
    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N");

    public override async Task<IJournal> OpenJournalAsync(RetentionPolicy retention = RetentionPolicy.Keep, long firstSequence = 1) =>
        await PostgresJournal.OpenAsync(DataSource, new PostgresJournalOptions { FirstSequence = firstSequence, Schema = Schema, Retention = retention });

    public override ISnapshotStore Snapshots => new PostgresSnapshotStore(DataSource, Schema);

    public override async Task TruncateSnapshotAsync(long sequence)
    {
        await using var command = DataSource.CreateCommand(
            $"UPDATE \"{Schema}\".snapshots SET body = substring(body from 1 for length(body) / 2) WHERE sequence = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        await DataSource.DisposeAsync();
    }
}
