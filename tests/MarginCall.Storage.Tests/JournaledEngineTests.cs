using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Tests.Support;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.Tests;

public sealed class JournaledEngineTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// Stand-in for the binary command codec until it is on main: a payload is the command's index in a shared table. It
    /// exercises the binding and recovery (snapshot + tail vs full replay), not the codec.
    /// </summary>
    private sealed class TableEncoding(List<Command> table) : ICommandEncoding
    {
        public byte[] Encode(Command command) => BitConverter.GetBytes(table.IndexOf(command));
        public Command Decode(ReadOnlySpan<byte> payload) => table[BitConverter.ToInt32(payload)];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Recovery_from_the_latest_snapshot_and_the_tail_gives_the_hash_of_a_full_replay(int seed)
    {
        var (commands, _, whole, options) = AdaptiveStream.Run(seed);
        var encoding = new TableEncoding(commands);
        string journalDir = Path.Combine(temp.Path, "journal");
        var snapshots = new FileSnapshotStore(Path.Combine(temp.Path, "snapshots"));
        await using (var journal = FileJournal.Open(journalDir))
        {
            var engine = new JournaledEngine(EngineWorld.NewEngine(options: options), journal, encoding, snapshots, snapshotEvery: commands.Count / 3 + 1);
            var acks = new List<Task>();
            foreach (var command in commands) acks.Add(engine.Submit(command).Durable);
            await Task.WhenAll(acks);
            await engine.SnapshotWritten;
            Assert.Equal(Convert.ToHexString(whole.StateHash()), Convert.ToHexString(engine.Engine.StateHash()));
        }

        await using var reopened = FileJournal.Open(journalDir);
        var (recovered, sequence, load) = await JournaledEngine.RecoverAsync(() => EngineWorld.NewEngine(options: options), reopened, snapshots, encoding);
        Assert.NotNull(load.Latest);
        Assert.True(load.Latest.Sequence < commands.Count, "no tail to replay");
        Assert.Equal(commands.Count, sequence);
        Assert.Equal(Convert.ToHexString(whole.StateHash()), Convert.ToHexString(recovered.StateHash()));

        var (fromGenesis, _, _) = await JournaledEngine.RecoverAsync(() => EngineWorld.NewEngine(options: options), reopened,
            new FileSnapshotStore(Path.Combine(temp.Path, "none")), encoding);
        Assert.Equal(Convert.ToHexString(whole.StateHash()), Convert.ToHexString(fromGenesis.StateHash()));
    }
}
