using MarginCall.Storage.Snapshots;
using Npgsql;

namespace MarginCall.Storage.Postgres;

/// <summary>Snapshots as rows (sequence primary key, body in the checksummed snapshot envelope); the latest valid one wins.</summary>
public sealed class PostgresSnapshotStore(NpgsqlDataSource dataSource, string schema = "margincall") : ISnapshotStore
{
    private readonly string table = PostgresSchema.Quote(schema) + ".snapshots";

    /// <inheritdoc />
    public async Task SaveAsync(Snapshot snapshot, CancellationToken cancellation = default)
    {
        byte[] body = SnapshotFormat.Encode(snapshot);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
            await PostgresSchema.EnsureAsync(connection, schema, cancellation).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                $"INSERT INTO {table} (sequence, body) VALUES ($1, $2) ON CONFLICT (sequence) DO UPDATE SET body = EXCLUDED.body", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = snapshot.Sequence });
            command.Parameters.Add(new NpgsqlParameter { Value = body });
            await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new SnapshotException($"snapshot {snapshot.Sequence} not written: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async Task<SnapshotLoad> LoadLatestAsync(CancellationToken cancellation = default)
    {
        var rejected = new List<SnapshotRejection>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await PostgresSchema.EnsureAsync(connection, schema, cancellation).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT sequence, body FROM {table} ORDER BY sequence DESC", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
        {
            long sequence = reader.GetInt64(0);
            var snapshot = SnapshotFormat.TryDecode((byte[])reader.GetValue(1), sequence, out string? reason);
            if (snapshot is not null) return new SnapshotLoad(snapshot, rejected);
            rejected.Add(new SnapshotRejection($"{table}#{sequence}", sequence, reason!));
        }
        return new SnapshotLoad(null, rejected);
    }
}
