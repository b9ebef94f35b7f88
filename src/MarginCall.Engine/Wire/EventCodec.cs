using System.Buffers;
using MarginCall.Engine.Events;

namespace MarginCall.Engine.Wire;

/// <summary>Whole-record helpers over the generated field encodings (<c>EventCodec.g.cs</c>).</summary>
public static partial class EventCodec
{
    /// <summary>The bytes of one event.</summary>
    public static byte[] Encode(EngineEvent @event)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(new WireWriter(buffer), @event);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Exactly one event: trailing bytes are an error.</summary>
    public static EngineEvent Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new WireReader(bytes);
        var @event = Read(ref r);
        r.EnsureEnd("Event");
        return @event;
    }
}
