using Npgsql;

namespace MarginCall.Storage.Postgres;

/// <summary>The tables. The sequence is the primary key, so a duplicate append is impossible, not merely unlikely.</summary>
internal static class PostgresSchema
{
    public static string Quote(string schema) => "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static async Task EnsureAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        string s = Quote(schema);
        string sql = $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.journal (sequence bigint PRIMARY KEY, payload bytea NOT NULL, crc integer NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}.journal_archive (sequence bigint PRIMARY KEY, payload bytea NOT NULL, crc integer NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}.snapshots (sequence bigint PRIMARY KEY, body bytea NOT NULL);
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject)
        {
            // Two sessions racing CREATE ... IF NOT EXISTS on a new schema: the other one created it.
        }
    }
}
