using MarginCall.Engine.Tests.Support;

namespace MarginCall.Engine.Tests.Sequencing;

public class DeterminismTests
{
    [Fact]
    public void Replaying_the_same_log_gives_the_same_events_and_hash_byte_for_byte()
    {
        var log = RandomScenario.Build(seed: 7, accounts: 60, steps: 150);

        var first = EngineWorld.NewEngine();
        var second = EngineWorld.NewEngine();
        var firstEvents = EngineWorld.Run(first, log);
        var secondEvents = EngineWorld.Run(second, log);

        Assert.Equal(firstEvents.Select(e => e.ToString()), secondEvents.Select(e => e.ToString()));
        Assert.Equal(first.StateHash(), second.StateHash());
        Assert.Contains(firstEvents, e => e is Events.LiquidationStateChanged); // the log really exercises the state machine
    }

    [Fact]
    public void Every_event_names_the_command_that_caused_it()
    {
        var engine = EngineWorld.NewEngine();
        var log = RandomScenario.Build(seed: 3, accounts: 20, steps: 40);

        for (var i = 0; i < log.Count; i++)
        {
            var events = engine.Submit(log[i]);
            Assert.All(events, e => Assert.Equal(i + 1, e.Sequence));
        }
    }

    [Fact]
    public void Different_logs_give_different_hashes()
    {
        var a = EngineWorld.NewEngine();
        var b = EngineWorld.NewEngine();
        EngineWorld.Run(a, RandomScenario.Build(seed: 1, accounts: 10, steps: 10));
        EngineWorld.Run(b, RandomScenario.Build(seed: 2, accounts: 10, steps: 10));

        Assert.NotEqual(a.StateHash(), b.StateHash());
    }
}
