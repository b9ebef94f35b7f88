using System.Buffers;
using BenchmarkDotNet.Attributes;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Wire;
using MemoryPack;

namespace MarginCall.Benchmarks;

/// <summary>
/// The measurement behind the choice of a hand-written binary codec over MemoryPack (the boundary issue asked for
/// one of the two, measured). The same three records — the smallest command, the commonest command and the largest
/// event — through <see cref="CommandCodec"/>/<see cref="EventCodec"/> and through MemoryPack 1.22 on mirror types
/// holding the same fields as primitives. The mirrors are MemoryPack's best case: encoding the engine's own records
/// with it would need MemoryPack attributes (and a dependency) in MarginCall.Engine plus a conversion per record.
/// Both sides encode into a reused <see cref="ArrayBufferWriter{T}"/> and decode from bytes.
/// </summary>
[MemoryDiagnoser]
public class MemoryPackComparisonBenchmarks
{
    private readonly ArrayBufferWriter<byte> buffer = new(1_024);
    private Command? command;
    private EngineEvent? @event;
    private object mirror = new object();
    private byte[] codecBytes = [];
    private byte[] memoryPackBytes = [];

    /// <summary>The record measured.</summary>
    [Params("Deposit", "Trade", "LiquidationStep")]
    public string Record { get; set; } = "Deposit";

    [GlobalSetup]
    public void Setup()
    {
        switch (Record)
        {
            case "Deposit":
                var deposit = new Deposit(new AccountId(42), new AssetId(0), new Quantums(1_000_000_000));
                command = deposit;
                mirror = new DepositMirror(deposit.Account.Value, deposit.Asset.Value, deposit.Amount.Value);
                codecBytes = CommandCodec.Encode(deposit);
                memoryPackBytes = MemoryPackSerializer.Serialize((DepositMirror)mirror);
                break;
            case "Trade":
                var trade = new Trade(new MarketId(0), new AccountId(1), new AccountId(2), 150_000, new Price(6_500_050));
                command = trade;
                mirror = new TradeMirror(
                    trade.Market.Value, trade.Buyer.Value, trade.Seller.Value, trade.Size, trade.Price.Units,
                    (byte)trade.BuyerMode, (byte)trade.SellerMode, trade.BuyerIsolatedMargin.Value, trade.SellerIsolatedMargin.Value);
                codecBytes = CommandCodec.Encode(trade);
                memoryPackBytes = MemoryPackSerializer.Serialize((TradeMirror)mirror);
                break;
            default:
                var step = WireCodecBenchmarks.Step();
                @event = step;
                mirror = LiquidationStepMirror.Of(step);
                codecBytes = EventCodec.Encode(step);
                memoryPackBytes = MemoryPackSerializer.Serialize((LiquidationStepMirror)mirror);
                break;
        }

        // Encoded sizes are part of the comparison; BenchmarkDotNet logs what the setup prints.
        Console.WriteLine($"// {Record}: codec {codecBytes.Length} B, MemoryPack {memoryPackBytes.Length} B");
    }

    [Benchmark(Baseline = true)]
    public int CodecEncode() => WireCodecBenchmarks.EncodeInto(buffer, command, @event);

    [Benchmark]
    public int MemoryPackEncode()
    {
        buffer.ResetWrittenCount();
        switch (mirror)
        {
            case DepositMirror d: MemoryPackSerializer.Serialize(buffer, d); break;
            case TradeMirror t: MemoryPackSerializer.Serialize(buffer, t); break;
            default: MemoryPackSerializer.Serialize(buffer, (LiquidationStepMirror)mirror); break;
        }

        return buffer.WrittenCount;
    }

    [Benchmark]
    public object CodecDecode() => command is not null ? CommandCodec.Decode(codecBytes) : EventCodec.Decode(codecBytes);

    [Benchmark]
    public object? MemoryPackDecode() => mirror switch
    {
        DepositMirror => MemoryPackSerializer.Deserialize<DepositMirror>(memoryPackBytes),
        TradeMirror => MemoryPackSerializer.Deserialize<TradeMirror>(memoryPackBytes),
        _ => MemoryPackSerializer.Deserialize<LiquidationStepMirror>(memoryPackBytes),
    };
}

/// <summary><see cref="Deposit"/>'s fields as primitives.</summary>
[MemoryPackable]
public sealed partial record DepositMirror(long Account, int Asset, long Amount);

/// <summary><see cref="Trade"/>'s fields as primitives.</summary>
[MemoryPackable]
public sealed partial record TradeMirror(
    int Market, long Buyer, long Seller, long Size, long Price, byte BuyerMode, byte SellerMode, long BuyerIsolatedMargin, long SellerIsolatedMargin);

/// <summary>One <see cref="LiquidationFill"/> as primitives.</summary>
[MemoryPackable]
public readonly partial record struct FillMirror(long MakerOrder, long Maker, long Price, long Size);

/// <summary><see cref="LiquidationStep"/>'s fields as primitives (nullable where the event's are).</summary>
[MemoryPackable]
public sealed partial record LiquidationStepMirror(
    long Sequence, long Account, int Market, string? Keeper, long Mark, long Oracle, long? HealthBefore, long? HealthAfter,
    long EquityBefore, long EquityAfter, long PositionSize, long TargetSize, long Size, byte Rule, long Abr, long FillablePrice,
    long? Bound, long? BankruptcyPrice, FillMirror[] Fills, long Filled, long FilledNotional,
    long DynamicRate, long Dynamic, long Cost, long ExpectedSlippage, long Volatility, long Floor, long Cap, byte FeeRule,
    long Fee, long KeeperShare, long InsuranceShare)
{
    public static LiquidationStepMirror Of(LiquidationStep s) => new(
        s.Sequence, s.Account.Value, s.Market.Value, s.Keeper, s.Mark.Units, s.Oracle.Units, s.HealthBefore?.Value, s.HealthAfter?.Value,
        s.EquityBefore.Value, s.EquityAfter.Value, s.PositionSize, s.Sizing.TargetSize, s.Sizing.Size, (byte)s.Sizing.Rule,
        s.AdjustedBankruptcyRating.Value, s.FillablePrice.Units, s.Bound?.Units, s.BankruptcyPrice?.Units,
        [.. s.Fills.Select(f => new FillMirror(f.MakerOrder.Value, f.Maker.Value, f.Price.Units, f.Size))], s.Filled, s.FilledNotional.Value,
        s.Fee.DynamicRate.Value, s.Fee.Dynamic.Value, s.Fee.Cost.Value, s.Fee.ExpectedSlippage.Value, s.Fee.Volatility.Value,
        s.Fee.Floor.Value, s.Fee.Cap.Value, (byte)s.Fee.Applied, s.Fee.Fee.Value, s.Fee.KeeperShare.Value, s.Fee.InsuranceShare.Value);
}
