using BenchmarkDotNet.Attributes;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Benchmarks;

/// <summary>
/// Whole commands through the sequencer of an engine with 100,000 accounts: a calm oracle tick (±1 bp, alternating)
/// and a 1 USDC deposit (one evaluation and re-track). The events the engine returns are records, allocated by
/// design; everything else on the path must not allocate.
/// </summary>
[MemoryDiagnoser]
public class EngineTickBenchmarks
{
    private readonly List<EngineEvent> events = new(1_024);
    private MarginEngine engine = null!;
    private OraclePrice up = null!;
    private OraclePrice down = null!;
    private Deposit deposit = null!;
    private bool flip;

    [GlobalSetup]
    public void Setup()
    {
        engine = BenchWorld.Engine(100_000);
        var price = engine.View.Mark(new MarketId(0)).Units;
        up = new OraclePrice(new MarketId(0), new Price(price + (price / 10_000)), new EngineTime(1_000));
        down = new OraclePrice(new MarketId(0), new Price(price), new EngineTime(1_000));
        deposit = new Deposit(new AccountId(77), new AssetId(0), new Quantums(1_000_000));
    }

    [Benchmark(Description = "calm oracle tick (100k accounts)")]
    public int CalmTick()
    {
        flip = !flip;
        events.Clear();
        engine.Submit(flip ? up : down, events);
        return events.Count;
    }

    [Benchmark(Description = "deposit (one evaluation + re-track)")]
    public int Deposit()
    {
        events.Clear();
        engine.Submit(deposit, events);
        return events.Count;
    }
}
