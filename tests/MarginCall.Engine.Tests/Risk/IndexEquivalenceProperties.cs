using CsCheck;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Tests.Support;

namespace MarginCall.Engine.Tests.Risk;

/// <summary>
/// The candidate index must find exactly what the full scan finds (DESIGN §4): the same command log through an engine
/// with each detector gives the same events after every command and the same final state hash, while the index
/// examines fewer accounts.
/// </summary>
public class IndexEquivalenceProperties
{
    [Fact]
    public void Index_and_full_scan_agree_at_every_step_on_random_populations_and_paths()
    {
        Gen.Int[0, 1_000_000].Sample(seed => AgreeOn(seed, auto: seed % 2 == 0), iter: 25, threads: 1);
    }

    [Fact]
    public void The_index_examines_far_fewer_accounts_than_the_full_scan()
    {
        var (index, fullScan) = AgreeOn(seed: 11, auto: true, accounts: 400, steps: 300);

        Assert.True(index.Evaluations * 5 < fullScan.Evaluations, $"index {index.Evaluations} vs full scan {fullScan.Evaluations}");
    }

    private static (MarginEngine Index, MarginEngine FullScan) AgreeOn(int seed, bool auto, int accounts = 80, int steps = 120)
    {
        var options = new EngineOptions { DefaultParameters = LiquidationParameters.Default with { AutoLiquidate = auto } };
        var index = EngineWorld.NewEngine(fullScan: false, options);
        var fullScan = EngineWorld.NewEngine(fullScan: true, options);
        var indexEvents = new List<EngineEvent>();
        var scanEvents = new List<EngineEvent>();
        var states = 0;
        foreach (var command in RandomScenario.Build(seed, accounts, steps))
        {
            indexEvents.Clear();
            scanEvents.Clear();
            index.Submit(command, indexEvents);
            fullScan.Submit(command, scanEvents);
            Assert.Equal(Describe(scanEvents), Describe(indexEvents));
            states += indexEvents.Count(e => e is LiquidationStateChanged);
        }

        Assert.Equal(fullScan.StateHash(), index.StateHash());
        Assert.True(states > 0, $"seed {seed}: the path moved no account between states; the property saw nothing");
        return (index, fullScan);
    }

    private static string[] Describe(List<EngineEvent> events) => [.. events.Select(e => e.ToString())];
}
