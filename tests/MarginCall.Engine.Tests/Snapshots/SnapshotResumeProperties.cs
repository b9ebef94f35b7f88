using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Risk;
using MarginCall.Engine.Tests.Support;

namespace MarginCall.Engine.Tests.Snapshots;

/// <summary>
/// A snapshot is everything needed to continue: for random command streams (<see cref="AdaptiveStream"/>), a snapshot
/// at a random point, loaded into a fresh engine, then given the rest of the stream, yields the same events and the same
/// final state hash as the uninterrupted run; writing the loaded engine's snapshot gives the same bytes; and the candidate
/// index the load rebuilt is the one the live engine holds once it re-tracks every account at the same prices.
/// </summary>
public sealed class SnapshotResumeProperties
{
    private static readonly string[] Covered =
        ["isolated position", "auction lot opened", "auction lot taken", "deleveraged", "socialized loss", "funding", "backstop takeover", "snapshot in liquidation", "snapshot with open lots"];

    [Fact]
    public void Snapshot_load_and_the_rest_of_the_stream_match_the_uninterrupted_run()
    {
        var coverage = new int[Covered.Length];
        Gen.Int[0, int.MaxValue].Sample(seed => ResumeMatches(seed, coverage), iter: 1_000);

        for (var i = 0; i < Covered.Length; i++)
        {
            Assert.True(coverage[i] > 0, $"no stream reached: {Covered[i]}; the property did not cover it");
        }
    }

    private static void ResumeMatches(int seed, int[] coverage)
    {
        // The uninterrupted run, which records each command's events; then a replay of its log up to a random cut.
        var (commands, events, whole, options) = AdaptiveStream.Run(seed);
        var expected = events.Select(e => e.Select(EventText.Describe).ToArray()).ToList();
        var cut = new Random(seed ^ 0x5EED).Next(commands.Count + 1);
        var replay = EngineWorld.NewEngine(options: options);
        for (var i = 0; i < cut; i++)
        {
            replay.Submit(commands[i]);
        }

        var snapshot = replay.WriteSnapshot();
        var loaded = MarginEngine.LoadSnapshot(snapshot);
        Assert.Equal(snapshot, loaded.WriteSnapshot());
        Assert.Equal(replay.StateHash(), loaded.StateHash());
        Assert.Equal(replay.View.Sequence, loaded.View.Sequence);

        // The rebuilt index: the same live edges as the live engine's once it re-tracks every account (its own history
        // holds stale edges and bands taken at older prices, so only the re-tracked index is comparable byte for byte).
        replay.RebuildDetector();
        Assert.Equal(((CandidateIndex)replay.Detector).LiveEdges(), ((CandidateIndex)loaded.Detector).LiveEdges());
        Assert.Equal(replay.CandidateIndexEntries, loaded.CandidateIndexEntries);

        var rebuilt = new List<EngineEvent>();
        for (var i = cut; i < commands.Count; i++)
        {
            rebuilt.Clear();
            loaded.Submit(commands[i], rebuilt);
            Assert.Equal(expected[i], rebuilt.Select(EventText.Describe).ToArray());
        }

        Assert.Equal(whole.StateHash(), loaded.StateHash());
        Assert.Equal(whole.WriteSnapshot(), loaded.WriteSnapshot());
        Record(coverage, commands, expected, snapshot, replay, cut);
    }

    private static void Record(int[] coverage, List<Command> commands, List<string[]> expected, byte[] snapshot, MarginEngine atCut, int cut)
    {
        var all = expected.SelectMany(e => e).ToList();
        Count(coverage, 0, commands.Any(c => c is Trade { BuyerMode: MarginMode.Isolated } or Trade { SellerMode: MarginMode.Isolated }));
        Count(coverage, 1, all.Any(e => e.StartsWith(nameof(AuctionLotOpened) + "{", StringComparison.Ordinal)));
        Count(coverage, 2, all.Any(e => e.StartsWith(nameof(AuctionLotTaken) + "{", StringComparison.Ordinal)));
        Count(coverage, 3, all.Any(e => e.StartsWith(nameof(Deleveraged) + "{", StringComparison.Ordinal)));
        Count(coverage, 4, all.Any(e => e.StartsWith(nameof(SocializedLoss) + "{", StringComparison.Ordinal)));
        Count(coverage, 5, all.Any(e => e.StartsWith(nameof(FundingIndexChanged) + "{", StringComparison.Ordinal)));
        Count(coverage, 6, all.Any(e => e.StartsWith(nameof(BackstopTakeover) + "{", StringComparison.Ordinal)));
        Count(coverage, 7, cut < commands.Count && atCut.View.AccountsInLiquidationCount > 0);
        Count(coverage, 8, cut < commands.Count && atCut.View.AuctionLotCount > 0);
        Assert.NotEmpty(snapshot);
    }

    private static void Count(int[] coverage, int index, bool reached)
    {
        if (reached)
        {
            Interlocked.Increment(ref coverage[index]);
        }
    }
}
