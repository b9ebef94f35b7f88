using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Tests.Support;
using MarginCall.Engine.Wire;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.Tests;

public sealed class JournaledEngineTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string JournalDir => Path.Combine(temp.Path, "journal");

    private FileSnapshotStore Snapshots => new(Path.Combine(temp.Path, "snapshots"));

    private static string Hash(MarginEngine engine) => Convert.ToHexString(engine.StateHash());

    /// <summary>Journals <paramref name="commands"/> through a new log; returns the live engine's hash.</summary>
    private async Task<string> JournalAsync(Genesis genesis, IEnumerable<Command> commands, long snapshotEvery)
    {
        await using var journal = FileJournal.Open(JournalDir);
        var engine = await JournaledEngine.StartAsync(genesis, journal, Snapshots, snapshotEvery);
        var acks = new List<Task>();
        foreach (var command in commands) acks.Add(engine.Submit(command).Durable);
        await Task.WhenAll(acks);
        await engine.SnapshotWritten;
        return Hash(engine.Engine);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Recovery_from_the_latest_snapshot_and_the_tail_gives_the_hash_of_a_full_replay(int seed)
    {
        var (commands, _, whole, options) = AdaptiveStream.Run(seed);
        string live = await JournalAsync(new Genesis(EngineWorld.Venue(), options), commands, snapshotEvery: commands.Count / 3 + 1);
        Assert.Equal(Hash(whole), live);

        await using var reopened = FileJournal.Open(JournalDir);
        var recovered = await JournaledEngine.RecoverAsync(reopened, Snapshots);
        Assert.NotNull(recovered.FromSnapshot);
        Assert.True(recovered.Replayed > 0, "no tail to replay");
        Assert.Equal(commands.Count, recovered.Sequence);
        Assert.Equal(Hash(whole), Hash(recovered.Engine));

        var fromGenesis = await JournaledEngine.RecoverAsync(reopened, snapshots: null);
        Assert.Null(fromGenesis.FromSnapshot);
        Assert.Equal(commands.Count, fromGenesis.Replayed);
        Assert.Equal(Hash(whole), Hash(fromGenesis.Engine));
    }

    [Fact]
    public async Task The_log_is_the_genesis_at_record_0_then_each_command_in_the_wire_codec_at_its_engine_sequence()
    {
        var (commands, _, _, options) = AdaptiveStream.Run(4);
        var genesis = new Genesis(EngineWorld.Venue(), options);
        await JournalAsync(genesis, commands, snapshotEvery: 0);

        var records = JournalFiles.Read(JournalDir).ToList();
        Assert.Equal(commands.Count + 1, records.Count);
        Assert.Equal(0, records[0].Sequence);
        Assert.Equal(WireJson.Serialize(genesis), WireJson.Serialize(CommandLog.DecodeGenesis(records[0])));
        for (int i = 0; i < commands.Count; i++)
        {
            Assert.Equal(i + 1, records[i + 1].Sequence);
            Assert.Equal(CommandCodec.Encode(commands[i]), records[i + 1].Payload.ToArray());
        }
    }

    [Fact]
    public async Task Reopening_continues_the_log_and_ends_with_the_hash_of_the_uninterrupted_run()
    {
        var (commands, _, whole, options) = AdaptiveStream.Run(5);
        var genesis = new Genesis(EngineWorld.Venue(), options);
        int half = commands.Count / 2;
        await JournalAsync(genesis, commands.Take(half), snapshotEvery: half / 2);

        await using var journal = FileJournal.Open(JournalDir);
        var (engine, recovery) = await JournaledEngine.OpenAsync(journal, Snapshots, genesis, snapshotEvery: half / 2);
        Assert.NotNull(recovery);
        Assert.Equal(half, recovery.Sequence);
        var acks = commands.Skip(half).Select(c => engine.Submit(c).Durable).ToList();
        await Task.WhenAll(acks);
        Assert.Equal(Hash(whole), Hash(engine.Engine));
        Assert.Equal(Hash(whole), Hash((await JournaledEngine.RecoverAsync(journal, snapshots: null)).Engine));
    }

    [Fact]
    public async Task A_record_that_passes_its_checksum_but_is_not_a_command_stops_recovery_naming_its_sequence_and_field()
    {
        var (commands, _, _, options) = AdaptiveStream.Run(6);
        await JournalAsync(new Genesis(EngineWorld.Venue(), options), commands.Take(10), snapshotEvery: 0);
        await using var journal = FileJournal.Open(JournalDir);
        await journal.AppendAsync(11, new byte[] { 0xFF, 0x7F });

        var error = await Assert.ThrowsAsync<JournalRecordException>(() => JournaledEngine.RecoverAsync(journal, Snapshots));
        Assert.Equal((11L, "Command.code"), (error.Sequence, error.Field));
    }

    [Fact]
    public async Task A_log_whose_genesis_was_removed_cannot_be_replayed_without_a_snapshot()
    {
        var (commands, _, _, options) = AdaptiveStream.Run(7);
        await using (var journal = FileJournal.Open(JournalDir, new FileJournalOptions { SegmentBytes = 512, Retention = RetentionPolicy.Delete }))
        {
            var engine = await JournaledEngine.StartAsync(new Genesis(EngineWorld.Venue(), options), journal, Snapshots, snapshotEvery: 50);
            await Task.WhenAll(commands.Select(c => engine.Submit(c).Durable).ToList());
            await engine.SnapshotWritten;
        }
        await using var reopened = FileJournal.Open(JournalDir);
        Assert.NotNull((await JournaledEngine.RecoverAsync(reopened, Snapshots)).FromSnapshot);
        var error = await Assert.ThrowsAsync<JournalRecordException>(() => JournaledEngine.RecoverAsync(reopened, snapshots: null));
        Assert.Equal("sequence", error.Field);
    }

    [Fact]
    public async Task A_new_log_needs_an_empty_journal_numbered_from_0()
    {
        await using var journal = FileJournal.Open(JournalDir, Payloads.FromOne);
        await Assert.ThrowsAsync<StorageException>(() => JournaledEngine.StartAsync(new Genesis(EngineWorld.Venue()), journal));
    }
}
