using System.Buffers;
using System.Reflection;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;
using MarginCall.Engine.Tests.Support;
using MarginCall.Engine.Wire;

namespace MarginCall.Engine.Tests.Wire;

public class DefinitionEncodingTests
{
    [Fact]
    public void Every_liquidation_parameter_is_part_of_the_encoding()
    {
        // Changing any one property must change the bytes, and the bytes must read back to an equal record: a property
        // added to LiquidationParameters without an encoding fails here.
        var baseline = Encode(LiquidationParameters.Default);
        foreach (var property in typeof(LiquidationParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var changed = WithChanged(LiquidationParameters.Default, property);
            var bytes = Encode(changed);
            Assert.False(bytes.AsSpan().SequenceEqual(baseline), $"{property.Name} is not encoded");
            var reader = new WireReader(bytes);
            Assert.Equal(changed, LiquidationParametersEncoding.Read(ref reader));
            reader.EnsureEnd("parameters");
        }
    }

    [Fact]
    public void Engine_options_read_back_equal()
    {
        var options = new EngineOptions
        {
            Thresholds = new RiskThresholds(new Ppm(1_400_000), new Ppm(2_000), new Ppm(150_000)) { WarningHysteresis = new Ppm(50_000) },
            DefaultParameters = LiquidationParameters.Default with { AutoLiquidate = false, AuctionCurve = AuctionCurve.Linear },
            UseFullScan = true,
        };
        var wire = new ArrayBufferWriter<byte>();
        EngineOptionsEncoding.Write(new WireWriter(wire), options);
        var reader = new WireReader(wire.WrittenSpan);
        Assert.Equal(options, EngineOptionsEncoding.Read(ref reader));
        reader.EnsureEnd("options");
    }

    [Fact]
    public void A_venue_reads_back_with_every_field()
    {
        var venue = EngineWorld.Venue();
        var wire = new ArrayBufferWriter<byte>();
        VenueEncoding.Write(new WireWriter(wire), venue);
        var reader = new WireReader(wire.WrittenSpan);
        var read = VenueEncoding.Read(ref reader);
        reader.EnsureEnd("venue");

        Assert.Equal(venue.Quote.Id, read.Quote.Id);
        Assert.Equal(venue.Assets, read.Assets); // Asset is a record: every field compared
        Assert.Equal(venue.Markets.Count, read.Markets.Count);
        for (var i = 0; i < venue.Markets.Count; i++)
        {
            var (a, b) = (venue.Markets[i], read.Markets[i]);
            Assert.Equal((a.Id, a.Symbol, a.Oracle, a.SizeDecimals, a.PriceDecimals, a.QuoteDecimals, a.StepSize, a.TickSize, a.Scale), (b.Id, b.Symbol, b.Oracle, b.SizeDecimals, b.PriceDecimals, b.QuoteDecimals, b.StepSize, b.TickSize, b.Scale));
            Assert.Equal(a.Margin.Tiers.ToArray(), b.Margin.Tiers.ToArray());
        }

        var again = new ArrayBufferWriter<byte>();
        VenueEncoding.Write(new WireWriter(again), read);
        Assert.Equal(wire.WrittenSpan.ToArray(), again.WrittenSpan.ToArray());
    }

    [Fact]
    public void An_invalid_venue_names_the_field_that_failed()
    {
        var wire = new ArrayBufferWriter<byte>();
        VenueEncoding.Write(new WireWriter(wire), EngineWorld.Venue());
        var bytes = wire.WrittenSpan.ToArray();

        // The first asset's decimals (after its id and its 1+4-byte symbol) set to 99.
        BitConverter.TryWriteBytes(bytes.AsSpan(1 + 4 + 1 + 4), 99);
        var e = Assert.Throws<WireFormatException>(() =>
        {
            var reader = new WireReader(bytes);
            VenueEncoding.Read(ref reader);
        });
        Assert.Equal("venue.assets[0].decimals", e.Field);
    }

    [Fact]
    public void Every_truncation_of_a_venue_is_a_wire_error()
    {
        var wire = new ArrayBufferWriter<byte>();
        VenueEncoding.Write(new WireWriter(wire), EngineWorld.Venue());
        var bytes = wire.WrittenSpan.ToArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            var cut = bytes[..length];
            Assert.Throws<WireFormatException>(() =>
            {
                var reader = new WireReader(cut);
                VenueEncoding.Read(ref reader);
            });
        }
    }

    private static byte[] Encode(LiquidationParameters parameters)
    {
        var wire = new ArrayBufferWriter<byte>();
        LiquidationParametersEncoding.Write(new WireWriter(wire), parameters);
        return wire.WrittenSpan.ToArray();
    }

    private static LiquidationParameters WithChanged(LiquidationParameters parameters, PropertyInfo property)
    {
        var value = property.GetValue(parameters);
        object changed = value switch
        {
            long l => l + 1,
            int i => i + 1,
            bool b => !b,
            Ppm p => new Ppm(p.Value + 1),
            Quantums q => new Quantums(q.Value + 1),
            AuctionCurve c => c == AuctionCurve.Linear ? AuctionCurve.Exponential : AuctionCurve.Linear,
            _ => throw new InvalidOperationException($"{property.Name}: add its type to this test ({value?.GetType().Name})"),
        };
        var copy = parameters with { };
        property.SetValue(copy, changed);
        return copy;
    }
}
