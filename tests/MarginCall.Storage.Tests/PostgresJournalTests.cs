using MarginCall.Storage.Postgres;
using Npgsql;

namespace MarginCall.Storage.Tests;

public sealed class PostgresJournalTests
{
    [PostgresFact]
    public async Task PostgreSQL_is_reachable_when_configured()
    {
        await using var source = NpgsqlDataSource.Create(PostgresFactAttribute.Require());
        await using var command = source.CreateCommand("SHOW synchronous_commit");
        Assert.Equal("on", (string?)await command.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task A_duplicate_sequence_is_refused_by_the_primary_key_and_not_acknowledged()
    {
        PostgresFactAttribute.Require();
        await using var storage = new PostgresBackend();
        await using var journal = await storage.OpenJournalAsync();
        await Payloads.AppendRange(journal, 1, 3);
        // A rogue row at the next sequence (a second writer that ignored the lock): the append must fail, not overwrite.
        await storage.ExecuteAsync($"INSERT INTO \"{storage.Schema}\".journal VALUES (4, '\\x00', 0)");
        var error = await Assert.ThrowsAsync<JournalWriteException>(() => journal.AppendAsync(4, Payloads.For(4)));
        Assert.Equal(WriteFailure.Duplicate, error.Failure);
        var refused = Assert.Throws<JournalWriteException>(() => { _ = journal.AppendAsync(5, Payloads.For(5)); });
        Assert.Equal(WriteFailure.Faulted, refused.Failure);
    }

    [PostgresFact]
    public async Task Losing_the_server_mid_run_faults_the_batch_and_keeps_every_acknowledged_record()
    {
        PostgresFactAttribute.Require();
        await using var storage = new PostgresBackend();
        var journal = (PostgresJournal)await storage.OpenJournalAsync();
        await Payloads.AppendRange(journal, 1, 100);
        var acks = new List<(long Sequence, Task Ack)>();
        for (long s = 101; s <= 5000; s++)
        {
            Task ack;
            try
            {
                ack = journal.AppendAsync(s, Payloads.For(s));
            }
            catch (JournalWriteException refused) when (refused.Failure == WriteFailure.Faulted)
            {
                // The failure reached the journal before this append: it is refused at once, never acknowledged.
                break;
            }
            acks.Add((s, ack));
            // The writer's session dies mid-stream, as when the server is stopped or the network drops.
            if (s == 600) await storage.ExecuteAsync($"SELECT pg_terminate_backend({journal.WriterProcessId})");
            if (s > 600 && journal.NextSequence == s + 1 && acks[^1].Ack.IsFaulted) break;
        }
        try { await Task.WhenAll(acks.Select(a => a.Ack)); } catch (JournalWriteException) { }
        var failed = acks.Where(a => a.Ack.IsFaulted).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, a => Assert.IsType<JournalWriteException>(a.Ack.Exception!.InnerException));
        long lastAcknowledged = acks.Where(a => a.Ack.IsCompletedSuccessfully).Select(a => a.Sequence).DefaultIfEmpty(100).Max();
        try { await journal.DisposeAsync(); } catch (JournalWriteException) { }

        await using var reopened = await storage.OpenJournalAsync();
        var records = await Payloads.ReadAll(reopened);
        Assert.True(records.Count >= lastAcknowledged, $"acknowledged up to {lastAcknowledged}, recovered {records.Count}");
        for (int i = 0; i < records.Count; i++) Assert.Equal(Payloads.For(i + 1), records[i].Payload.ToArray());
    }

    [PostgresFact]
    public async Task Stopping_the_server_mid_run_fails_typed_loses_nothing_acknowledged_and_acknowledges_nothing_after()
    {
        PostgresFactAttribute.Require();
        // A cluster of this test's own: stopping the shared CI cluster would break the tests running beside this one.
        await using var server = await ThrowawayPostgres.StartAsync();
        var options = new PostgresJournalOptions { Schema = "stopped", FirstSequence = 1 };
        var acks = new List<(long Sequence, Task Ack)>();
        await using (var source = NpgsqlDataSource.Create(server.ConnectionString))
        {
            var journal = await PostgresJournal.OpenAsync(source, options);
            await Payloads.AppendRange(journal, 1, 100);
            for (long s = 101; s <= 200_000; s++)
            {
                try
                {
                    acks.Add((s, journal.AppendAsync(s, Payloads.For(s))));
                }
                catch (JournalWriteException refused) when (refused.Failure == WriteFailure.Faulted)
                {
                    break; // the failure reached the journal first: refused at once, never acknowledged
                }
                if (s == 600) await server.StopAsync(); // the server process is stopped while appends are in flight
                if (s > 600 && acks[^1].Ack.IsFaulted) break;
                if (s % 64 == 0) await Task.Yield();
            }
            try { await Task.WhenAll(acks.Select(a => a.Ack)); } catch (JournalWriteException) { }
            try { await journal.DisposeAsync(); } catch (JournalWriteException) { }
        }

        // Typed: the batch the server did not confirm faults with Database, everything queued behind it with Faulted or Database.
        var failed = acks.Where(a => a.Ack.IsFaulted).ToList();
        Assert.NotEmpty(failed);
        var failures = failed.Select(a => Assert.IsType<JournalWriteException>(a.Ack.Exception!.InnerException).Failure).ToList();
        Assert.Equal(WriteFailure.Database, failures[0]);
        Assert.All(failures, f => Assert.Contains(f, new[] { WriteFailure.Database, WriteFailure.Faulted }));
        // Nothing after a failure is acknowledged: the acknowledged appends are a prefix.
        int firstFailed = acks.FindIndex(a => a.Ack.IsFaulted);
        Assert.All(acks.Skip(firstFailed), a => Assert.True(a.Ack.IsFaulted, $"record {a.Sequence} acknowledged after a failure"));
        long lastAcknowledged = firstFailed == 0 ? 100 : acks[firstFailed - 1].Sequence;

        await server.StartAgainAsync();
        await using var restarted = NpgsqlDataSource.Create(server.ConnectionString);
        await using var reopened = await PostgresJournal.OpenAsync(restarted, options);
        var records = await Payloads.ReadAll(reopened);
        Assert.True(records.Count >= lastAcknowledged, $"acknowledged up to {lastAcknowledged}, recovered {records.Count}");
        for (int i = 0; i < records.Count; i++) Assert.Equal(Payloads.For(i + 1), records[i].Payload.ToArray());
    }
}
