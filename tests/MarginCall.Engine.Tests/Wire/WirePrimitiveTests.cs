using System.Buffers;
using System.Text;
using CsCheck;
using MarginCall.Engine.Wire;

namespace MarginCall.Engine.Tests.Wire;

public class WirePrimitiveTests
{
    [Fact]
    public void Primitives_are_encoded_exactly_as_BinaryWriter_encodes_them()
    {
        Gen.Select(Gen.Long, Gen.Int, Gen.Bool, Gen.String, Gen.Byte).Sample((l, i, b, s, by) =>
        {
            var wire = new ArrayBufferWriter<byte>();
            var w = new WireWriter(wire);
            w.WriteInt64(l);
            w.WriteInt32(i);
            w.WriteBoolean(b);
            w.WriteString(s);
            w.WriteByte(by);

            using var stream = new MemoryStream();
            using (var binary = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true))
            {
                binary.Write(l);
                binary.Write(i);
                binary.Write(b);
                binary.Write(s);
                binary.Write(by);
            }

            Assert.Equal(stream.ToArray(), wire.WrittenSpan.ToArray());
        });
    }

    [Fact]
    public void Every_primitive_reads_back_what_was_written()
    {
        Gen.Select(Gen.Long, Gen.Int, Gen.UShort, Gen.String, Gen.Int[0, 1 << 20]).Sample((l, i, u, s, n) =>
        {
            var wire = new ArrayBufferWriter<byte>();
            var w = new WireWriter(wire);
            w.WriteInt64(l);
            w.WriteInt32(i);
            w.WriteUInt16(u);
            w.WriteOptionalString(s);
            w.WriteOptionalString(null);
            w.WriteLength(n);

            var r = new WireReader(wire.WrittenSpan);
            Assert.Equal(l, r.ReadInt64("l"));
            Assert.Equal(i, r.ReadInt32("i"));
            Assert.Equal(u, r.ReadUInt16("u"));
            Assert.Equal(s, r.ReadOptionalString("s"));
            Assert.Null(r.ReadOptionalString("null"));
            Assert.Equal(n, r.ReadLength("n", int.MaxValue));
            r.EnsureEnd("end");
        });
    }

    [Fact]
    public void A_truncated_field_is_named_with_its_offset()
    {
        var e = Assert.Throws<WireFormatException>(() => new WireReader([1, 2, 3]).ReadInt64("Deposit.Amount"));
        Assert.Equal("Deposit.Amount", e.Field);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void A_boolean_other_than_zero_or_one_is_refused()
    {
        var e = Assert.Throws<WireFormatException>(() => new WireReader([2]).ReadBoolean("flag"));
        Assert.Equal("flag", e.Field);
    }

    [Fact]
    public void An_undefined_enum_value_is_refused()
    {
        var e = Assert.Throws<WireFormatException>(() => new WireReader([9]).ReadEnum<Core.Model.MarginMode>("Trade.BuyerMode"));
        Assert.Equal("Trade.BuyerMode", e.Field);
    }

    [Fact]
    public void A_string_length_past_the_end_and_invalid_utf8_are_refused()
    {
        Assert.Equal("owner", Assert.Throws<WireFormatException>(() => new WireReader([5, (byte)'a']).ReadString("owner")).Field);
        Assert.Equal("owner", Assert.Throws<WireFormatException>(() => new WireReader([2, 0xC3, 0x28]).ReadString("owner")).Field);
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        Assert.Throws<WireFormatException>(() =>
        {
            var r = new WireReader([0, 0, 0, 0, 7]);
            r.ReadInt32("x");
            r.EnsureEnd("record");
        });
    }
}
