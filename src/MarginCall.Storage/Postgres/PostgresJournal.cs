using System.Runtime.CompilerServices;
using MarginCall.Storage.Io;
using MarginCall.Storage.Journal;
using Npgsql;
using NpgsqlTypes;

namespace MarginCall.Storage.Postgres;

/// <summary>
/// The journal in a PostgreSQL table: group commit writes each batch with one binary COPY (a single transaction,
/// acknowledged when the server confirms the commit — durable under the default <c>synchronous_commit = on</c>).
/// A session advisory lock on the writer's connection keeps a single writer; if that connection is lost, the lock goes
/// with it and the journal refuses further appends. Each row carries the payload's CRC-32C, checked when read.
/// </summary>
public sealed class PostgresJournal : IJournal
{
    private readonly NpgsqlDataSource dataSource;
    private readonly NpgsqlConnection writer;
    private readonly PostgresJournalOptions options;
    private readonly string table;
    private readonly GroupCommitter committer;
    private long durableNext;

    private PostgresJournal(NpgsqlDataSource dataSource, NpgsqlConnection writer, PostgresJournalOptions options, long next)
    {
        this.dataSource = dataSource;
        this.writer = writer;
        this.options = options;
        table = PostgresSchema.Quote(options.Schema) + ".journal";
        durableNext = next;
        committer = new GroupCommitter(next, options.GroupCommit, WriteBatchAsync);
    }

    /// <summary>Opens the journal: creates the tables if needed, takes the writer lock, finds the next sequence.</summary>
    /// <exception cref="JournalLockedException">Another session holds the writer lock for this schema.</exception>
    public static async Task<PostgresJournal> OpenAsync(NpgsqlDataSource dataSource, PostgresJournalOptions? options = null,
        CancellationToken cancellation = default)
    {
        options ??= new PostgresJournalOptions();
        var writer = await dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        try
        {
            await PostgresSchema.EnsureAsync(writer, options.Schema, cancellation).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('margincall.journal:' || $1))", writer))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter { Value = options.Schema });
                if (!(bool)(await lockCommand.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!)
                    throw new JournalLockedException($"schema {options.Schema}");
            }
            string table = PostgresSchema.Quote(options.Schema) + ".journal";
            await using var max = new NpgsqlCommand($"SELECT max(sequence) FROM {table}", writer);
            object? last = await max.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
            long next = last is long l ? l + 1 : options.FirstSequence;
            return new PostgresJournal(dataSource, writer, options, next);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public long NextSequence => committer.NextSequence;

    /// <summary>Batches committed since opening.</summary>
    public long Batches => committer.Batches;

    /// <summary>The backend process id of the writer session (fault-injection tests terminate it).</summary>
    public int WriterProcessId => writer.ProcessID;

    /// <inheritdoc />
    public Task AppendAsync(long sequence, ReadOnlyMemory<byte> payload) => committer.Enqueue(sequence, payload.Span);

    private async ValueTask WriteBatchAsync(List<PendingRecord> batch)
    {
        long first = batch[0].Sequence;
        try
        {
            await using (var importer = await writer.BeginBinaryImportAsync($"COPY {table} (sequence, payload, crc) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
            {
                foreach (var record in batch)
                {
                    await importer.StartRowAsync().ConfigureAwait(false);
                    await importer.WriteAsync(record.Sequence, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await importer.WriteAsync(record.Payload, NpgsqlDbType.Bytea).ConfigureAwait(false);
                    await importer.WriteAsync(unchecked((int)Crc32C.Compute(record.Payload.Span)), NpgsqlDbType.Integer).ConfigureAwait(false);
                }
                await importer.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new JournalWriteException(WriteFailure.Duplicate, first, ex.MessageText, ex);
        }
        catch (NpgsqlException ex)
        {
            throw new JournalWriteException(WriteFailure.Database, first, ex.Message, ex);
        }
        Volatile.Write(ref durableNext, batch[^1].Sequence + 1);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalRecord> ReadAsync(long fromSequence, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        long limit = Volatile.Read(ref durableNext);
        await using var connection = await dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT sequence, payload, crc FROM {table} WHERE sequence >= $1 AND sequence < $2 ORDER BY sequence", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = fromSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        long expected = -1;
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
        {
            long sequence = reader.GetInt64(0);
            var payload = (byte[])reader.GetValue(1);
            if (expected >= 0 && sequence != expected)
                throw new JournalCorruptException(table, sequence, expected, $"sequence gap: {sequence} where {expected} was expected");
            if (unchecked((int)Crc32C.Compute(payload)) != reader.GetInt32(2))
                throw new JournalCorruptException(table, sequence, sequence, "payload checksum mismatch");
            expected = sequence + 1;
            yield return new JournalRecord(sequence, payload);
        }
    }

    /// <inheritdoc />
    public async Task ApplyRetentionAsync(long snapshotSequence)
    {
        if (options.Retention == RetentionPolicy.Keep) return;
        string archive = PostgresSchema.Quote(options.Schema) + ".journal_archive";
        string sql = options.Retention == RetentionPolicy.Archive
            ? $"WITH moved AS (DELETE FROM {table} WHERE sequence <= $1 RETURNING *) INSERT INTO {archive} SELECT * FROM moved"
            : $"DELETE FROM {table} WHERE sequence <= $1";
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = snapshotSequence });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for queued appends, then closes the writer session (releasing the advisory lock).</summary>
    public async ValueTask DisposeAsync()
    {
        await committer.DisposeAsync().ConfigureAwait(false);
        if (writer.State == System.Data.ConnectionState.Open)
        {
            // A pooled session outlives Dispose, and the advisory lock with it: release it explicitly.
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", writer);
            try
            {
                await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The session is gone (server stopped, backend terminated): the lock went with it.
            }
        }
        await writer.DisposeAsync().ConfigureAwait(false);
    }
}
