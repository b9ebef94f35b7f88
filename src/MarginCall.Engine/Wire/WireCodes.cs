using System.Buffers;
using MarginCall.Core.Model;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Wire;

/// <summary>Reading the two-byte codes, and the definitions (parameters, a market) that JSON carries as their binary encoding.</summary>
internal static class WireCodes
{
    /// <summary>A <see cref="CommandCode"/>; an undefined one throws naming <paramref name="field"/>.</summary>
    public static CommandCode ReadCommandCode(ref WireReader r, string field)
    {
        var at = r.Position;
        var code = (CommandCode)r.ReadUInt16(field);
        return Enum.IsDefined(code) ? code : throw new WireFormatException(field, at, $"unknown command code {(ushort)code}");
    }

    /// <summary>An <see cref="EventCode"/>; an undefined one throws naming <paramref name="field"/>.</summary>
    public static EventCode ReadEventCode(ref WireReader r, string field)
    {
        var at = r.Position;
        var code = (EventCode)r.ReadUInt16(field);
        return Enum.IsDefined(code) ? code : throw new WireFormatException(field, at, $"unknown event code {(ushort)code}");
    }

    /// <summary>The binary encoding of a parameter set.</summary>
    public static byte[] Blob(LiquidationParameters parameters)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        LiquidationParametersEncoding.Write(new WireWriter(buffer), parameters);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The binary encoding of a market definition.</summary>
    public static byte[] Blob(PerpetualMarket market)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        VenueEncoding.WriteMarket(new WireWriter(buffer), market);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A parameter set from its binary encoding (all of <paramref name="bytes"/>).</summary>
    public static LiquidationParameters Parameters(byte[] bytes, string field)
    {
        var r = new WireReader(bytes);
        var value = LiquidationParametersEncoding.Read(ref r);
        r.EnsureEnd(field);
        return value;
    }

    /// <summary>A market definition from its binary encoding (all of <paramref name="bytes"/>).</summary>
    public static PerpetualMarket Market(byte[] bytes, string field)
    {
        var r = new WireReader(bytes);
        var value = VenueEncoding.ReadMarket(ref r, field);
        r.EnsureEnd(field);
        return value;
    }
}
