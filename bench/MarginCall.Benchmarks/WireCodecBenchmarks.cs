using System.Buffers;
using BenchmarkDotNet.Attributes;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Wire;

namespace MarginCall.Benchmarks;

/// <summary>
/// The binary codec per record type: encode into a reused buffer (must not allocate) and decode from bytes (allocates
/// the record itself, and its lists). Commands and events as the hot path sees them; the liquidation step with two
/// fills.
/// </summary>
[MemoryDiagnoser]
public class WireCodecBenchmarks
{
    private static readonly Dictionary<string, object> Samples = new()
    {
        ["Deposit"] = new Deposit(new AccountId(42), new AssetId(0), new Quantums(1_000_000_000)),
        ["Trade"] = new Trade(new MarketId(0), new AccountId(1), new AccountId(2), 150_000, new Price(6_500_050)),
        ["OraclePrice"] = new OraclePrice(new MarketId(0), new Price(6_500_050), new EngineTime(1_000)),
        ["PlaceOrder"] = new PlaceOrder(new OrderId(7), new AccountId(1), new MarketId(0), Side.Buy, new Price(6_499_000), 20_000),
        ["TakeAuctionLot"] = new TakeAuctionLot(new AccountId(9), new LotId(3), 50_000, new Price(6_400_000)),
        ["BalanceChanged"] = new BalanceChanged(12, new AccountId(42), new AssetId(0), new Quantums(1_000_000_000), new Quantums(5_000_000_000)),
        ["TradeSettled"] = new TradeSettled(12, new MarketId(0), new AccountId(1), new AccountId(2), 150_000, new Price(6_500_050)),
        ["MarkPriceChanged"] = new MarkPriceChanged(12, new MarketId(0), new Price(6_500_050), new Price(6_500_100)),
        ["LiquidationStep"] = Step(),
        ["AuctionLotTaken"] = new AuctionLotTaken(12, new LotId(3), new AccountId(5), new MarketId(0), new AccountId(9), 50_000, new Price(6_400_000), 25_000),
        ["InsuranceFundChanged"] = new InsuranceFundChanged(12, new FundId(0), new Quantums(1_234), new Quantums(5_000_001_234), FundChangeReason.LiquidationFee),
    };

    private readonly ArrayBufferWriter<byte> buffer = new(1_024);
    private Command? command;
    private EngineEvent? @event;
    private byte[] bytes = [];

    /// <summary>The record type measured.</summary>
    [ParamsSource(nameof(Names))]
    public string Record { get; set; } = "Deposit";

    public static IEnumerable<string> Names => Samples.Keys;

    [GlobalSetup]
    public void Setup()
    {
        command = Samples[Record] as Command;
        @event = Samples[Record] as EngineEvent;
        bytes = command is not null ? CommandCodec.Encode(command) : EventCodec.Encode(@event!);
    }

    [Benchmark]
    public int Encode() => EncodeInto(buffer, command, @event);

    /// <summary>Encodes the command, or else the event, into the reused <paramref name="buffer"/>; returns the bytes written.</summary>
    internal static int EncodeInto(ArrayBufferWriter<byte> buffer, Command? command, EngineEvent? @event)
    {
        buffer.ResetWrittenCount();
        var w = new WireWriter(buffer);
        if (command is not null)
        {
            CommandCodec.Write(w, command);
        }
        else
        {
            EventCodec.Write(w, @event!);
        }

        return buffer.WrittenCount;
    }

    [Benchmark]
    public object Decode() => command is not null ? CommandCodec.Decode(bytes) : EventCodec.Decode(bytes);

    internal static LiquidationStep Step() => new(
        12, new AccountId(5), new MarketId(0), "keeper-1", new Price(6_000_000), new Price(6_000_100), new Ppm(950_000), new Ppm(1_020_000),
        new Quantums(95_000_000), new Quantums(99_000_000), 300_000, new SizingDecision(120_000, 120_000, SizingRule.TargetHealth),
        new Ppm(10_000), new Price(5_990_000), new Price(5_990_000), new Price(5_700_000),
        [new LiquidationFill(new OrderId(11), new AccountId(1), new Price(5_999_000), 80_000), new LiquidationFill(new OrderId(12), new AccountId(1), new Price(5_995_000), 40_000)],
        120_000, new Quantums(71_960_000),
        new FeeBreakdown(new Ppm(5_000), new Quantums(359_800), new Quantums(1_000), new Quantums(2_000), new Quantums(500), new Quantums(3_500), new Quantums(1_000_000), FeeRule.Dynamic, new Quantums(359_800), new Quantums(179_900), new Quantums(179_900), Quantums.Zero));
}
