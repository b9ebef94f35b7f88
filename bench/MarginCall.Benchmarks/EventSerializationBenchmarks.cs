using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Benchmarks;

/// <summary>System.Text.Json of a typical event, into a reused buffer (the stream's and the journal's cost per event).</summary>
[MemoryDiagnoser]
public class EventSerializationBenchmarks
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly ArrayBufferWriter<byte> buffer = new(1_024);
    private readonly LiquidationStateChanged stateChanged = new(1_234_567, new AccountId(42), LiquidationState.MarginCall, LiquidationState.Liquidatable, new Ppm(987_654));
    private readonly TradeSettled trade = new(1_234_568, new MarketId(0), new AccountId(42), new AccountId(0), 15_000_000, new Price(6_500_000));
    private Utf8JsonWriter writer = null!;

    [GlobalSetup]
    public void Setup() => writer = new Utf8JsonWriter(buffer);

    [Benchmark(Description = "LiquidationStateChanged → UTF-8 JSON")]
    public int StateChanged() => Write(stateChanged);

    [Benchmark(Description = "TradeSettled → UTF-8 JSON")]
    public int Trade() => Write(trade);

    private int Write<T>(T value)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, Options);
        writer.Flush();
        return buffer.WrittenCount;
    }
}
