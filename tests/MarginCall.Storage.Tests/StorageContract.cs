using MarginCall.Engine;
using MarginCall.Engine.Tests.Support;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.Tests;

/// <summary>The contract every storage backend meets; each test runs once per backend in <see cref="StorageBackend.Names"/>.</summary>
public sealed class StorageContract
{
    public static TheoryData<string> Backends => StorageBackend.Names();

    [Theory, MemberData(nameof(Backends))]
    public async Task Acknowledged_records_survive_reopening_in_order_and_byte_for_byte(string backend)
    {
        await using var storage = StorageBackend.Create(backend);
        await using (var journal = await storage.OpenJournalAsync()) await Payloads.AppendRange(journal, 1, 500);
        await using var reopened = await storage.OpenJournalAsync();
        Assert.Equal(501, reopened.NextSequence);
        var records = await Payloads.ReadAll(reopened);
        Assert.Equal(500, records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(i + 1, records[i].Sequence);
            Assert.Equal(Payloads.For(i + 1), records[i].Payload.ToArray());
        }
        Assert.Equal(Enumerable.Range(200, 301).Select(i => (long)i), (await Payloads.ReadAll(reopened, 200)).Select(r => r.Sequence));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_gap_or_a_repeat_is_refused_before_anything_is_written(string backend)
    {
        await using var storage = StorageBackend.Create(backend);
        await using var journal = await storage.OpenJournalAsync();
        await Payloads.AppendRange(journal, 1, 3);
        var gap = Assert.Throws<JournalSequenceException>(() => { _ = journal.AppendAsync(5, Payloads.For(5)); });
        Assert.Equal((4, 5), (gap.Expected, gap.Actual));
        Assert.Throws<JournalSequenceException>(() => { _ = journal.AppendAsync(3, Payloads.For(3)); });
        await journal.AppendAsync(4, Payloads.For(4));
        Assert.Equal(4, (await Payloads.ReadAll(journal)).Count);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Only_one_writer_at_a_time(string backend)
    {
        await using var storage = StorageBackend.Create(backend);
        var first = await storage.OpenJournalAsync();
        await Assert.ThrowsAsync<JournalLockedException>(() => storage.OpenJournalAsync());
        await first.DisposeAsync();
        await using var second = await storage.OpenJournalAsync();
        Assert.Equal(1, second.NextSequence);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task The_latest_valid_snapshot_is_used_and_a_corrupt_latest_falls_back_with_its_reason(string backend)
    {
        await using var storage = StorageBackend.Create(backend);
        var store = storage.Snapshots;
        Assert.Null((await store.LoadLatestAsync()).Latest);
        await store.SaveAsync(new Snapshot(10, new byte[] { 1, 2, 3 }));
        await store.SaveAsync(new Snapshot(20, new byte[] { 4, 5, 6, 7 }));
        var load = await store.LoadLatestAsync();
        Assert.Equal(20, load.Latest!.Sequence);
        Assert.Equal(new byte[] { 4, 5, 6, 7 }, load.Latest.State.ToArray());
        Assert.Empty(load.Rejected);

        await storage.TruncateSnapshotAsync(20);
        load = await storage.Snapshots.LoadLatestAsync();
        Assert.Equal(10, load.Latest!.Sequence);
        var rejection = Assert.Single(load.Rejected);
        Assert.Equal(20, rejection.Sequence);
        Assert.Contains("truncated", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Retention_after_a_snapshot_keeps_every_record_after_it(string backend)
    {
        await using var storage = StorageBackend.Create(backend);
        await using var journal = await storage.OpenJournalAsync(RetentionPolicy.Delete);
        for (long s = 1; s <= 200; s += 20) await Payloads.AppendRange(journal, s, 20);
        await journal.ApplyRetentionAsync(120);
        var tail = await Payloads.ReadAll(journal, 1);
        Assert.True(tail[0].Sequence > 1, "nothing was removed");
        Assert.True(tail[0].Sequence <= 121, $"record 121 was removed (first left: {tail[0].Sequence})");
        Assert.Equal(200, tail[^1].Sequence);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Reading_while_appending_sees_only_durable_records_in_order(string backend)
    {
        await using var storage = StorageBackend.Create(backend);
        await using var journal = await storage.OpenJournalAsync();
        var writing = Payloads.AppendRange(journal, 1, 2000);
        var seen = await Payloads.ReadAll(journal);
        for (int i = 0; i < seen.Count; i++) Assert.Equal(i + 1, seen[i].Sequence);
        await writing;
        Assert.Equal(2000, (await Payloads.ReadAll(journal)).Count);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task An_engine_log_recovers_from_snapshot_and_tail_to_the_hash_of_the_live_engine(string backend)
    {
        var (commands, _, whole, options) = AdaptiveStream.Run(11);
        await using var storage = StorageBackend.Create(backend);
        await using (var journal = await storage.OpenJournalAsync(firstSequence: CommandLog.GenesisSequence))
        {
            var engine = await JournaledEngine.StartAsync(new Genesis(EngineWorld.Venue(), options), journal, storage.Snapshots, snapshotEvery: commands.Count / 2);
            await Task.WhenAll(commands.Select(c => engine.Submit(c).Durable).ToList());
            await engine.SnapshotWritten;
        }
        await using var reopened = await storage.OpenJournalAsync(firstSequence: CommandLog.GenesisSequence);
        var recovered = await JournaledEngine.RecoverAsync(reopened, storage.Snapshots);
        Assert.NotNull(recovered.FromSnapshot);
        Assert.True(recovered.Replayed > 0, "no tail to replay");
        Assert.Equal(Convert.ToHexString(whole.StateHash()), Convert.ToHexString(recovered.Engine.StateHash()));
        var replayed = await JournaledEngine.RecoverAsync(reopened, snapshots: null);
        Assert.Equal(Convert.ToHexString(whole.StateHash()), Convert.ToHexString(replayed.Engine.StateHash()));
    }
}
