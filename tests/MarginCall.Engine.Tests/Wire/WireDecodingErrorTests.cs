using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Wire;

namespace MarginCall.Engine.Tests.Wire;

public class WireDecodingErrorTests
{
    private static readonly Deposit Sample = new(new AccountId(3), new AssetId(0), new Quantums(500));

    [Fact]
    public void An_unknown_command_code_is_refused_naming_the_code_field()
    {
        var bytes = CommandCodec.Encode(Sample);
        bytes[0] = 0xFF;
        bytes[1] = 0x7F;

        var e = Assert.Throws<WireFormatException>(() => CommandCodec.Decode(bytes));

        Assert.Equal(("Command.code", 0L), (e.Field, e.Offset));
    }

    [Fact]
    public void A_truncated_command_names_the_field_that_is_cut()
    {
        var bytes = CommandCodec.Encode(Sample);

        var e = Assert.Throws<WireFormatException>(() => CommandCodec.Decode(bytes.AsSpan(0, bytes.Length - 1)));

        Assert.Equal("Deposit.Amount", e.Field);
    }

    [Fact]
    public void A_field_of_a_nested_value_is_named_with_its_whole_path()
    {
        var step = new LiquidationStep(
            12, new AccountId(5), new MarketId(0), null, new Price(6_000_000), new Price(6_000_100), new Ppm(950_000), null,
            new Quantums(95_000_000), new Quantums(99_000_000), 300_000, new SizingDecision(120_000, 120_000, SizingRule.TargetHealth),
            new Ppm(10_000), new Price(5_990_000), new Price(5_990_000), null,
            [new LiquidationFill(new OrderId(11), new AccountId(1), new Price(5_999_000), 120_000)], 120_000, new Quantums(71_960_000),
            new FeeBreakdown(new Ppm(5_000), new Quantums(359_800), new Quantums(1_000), new Quantums(2_000), new Quantums(500), new Quantums(3_500),
                new Quantums(1_000_000), FeeRule.Dynamic, new Quantums(359_800), new Quantums(179_900), new Quantums(179_900), Quantums.Zero));
        var bytes = EventCodec.Encode(step);

        var e = Assert.Throws<WireFormatException>(() => EventCodec.Decode(bytes.AsSpan(0, bytes.Length - 1)));

        Assert.Equal("LiquidationStep.Fee.KeeperTopUp", e.Field);
        Assert.Equal(bytes.Length - 8, e.Offset);
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var bytes = CommandCodec.Encode(Sample).Append((byte)0).ToArray();

        Assert.Equal("Command", Assert.Throws<WireFormatException>(() => CommandCodec.Decode(bytes)).Field);
    }

    [Theory]
    [InlineData("""{"type":"Deposit","account":3,"asset":0,"amount":500,"extra":1}""", "Command.extra")]
    [InlineData("""{"type":"Deposit","account":3,"account":4,"asset":0,"amount":500}""", "Command.account")]
    [InlineData("""{"type":"Deposit","account":3,"asset":0}""", "Command.amount")]
    [InlineData("""{"type":"Deposit","account":3,"asset":0,"amount":"500"}""", "Deposit.amount")]
    [InlineData("""{"type":"Deposit","account":3,"asset":4294967296,"amount":500}""", "Deposit.asset")]
    [InlineData("""{"type":"Depot","account":3,"asset":0,"amount":500}""", "Command.type")]
    [InlineData("""{"type":"2","account":3,"asset":0,"amount":500}""", "Command.type")]
    public void Json_is_strict_and_names_the_field(string json, string field)
    {
        Assert.Equal(field, Assert.Throws<WireFormatException>(() => WireJson.DeserializeCommand(json)).Field);
    }

    [Fact]
    public void A_genesis_of_a_later_format_is_refused_before_the_rest_is_read()
    {
        var bytes = GenesisCodec.Encode(new Genesis(Support.EngineWorld.Venue()));
        bytes[0] = Genesis.CurrentFormatVersion + 1;

        Assert.Equal("genesis.formatVersion", Assert.Throws<WireFormatException>(() => GenesisCodec.Decode(bytes)).Field);
    }

    [Fact]
    public void A_genesis_round_trips_and_builds_the_same_engine()
    {
        var genesis = new Genesis(Support.EngineWorld.Venue(), new EngineOptions { UseFullScan = true });

        var binary = GenesisCodec.Decode(GenesisCodec.Encode(genesis));
        var json = WireJson.DeserializeGenesis(WireJson.Serialize(genesis));

        Assert.Equal(GenesisCodec.Encode(genesis), GenesisCodec.Encode(binary));
        Assert.Equal(GenesisCodec.Encode(genesis), GenesisCodec.Encode(json));
        Assert.Equal(new MarginEngine(genesis).StateHash(), new MarginEngine(binary).StateHash());
    }
}
