using System.Buffers;
using MarginCall.Engine.Commands;

namespace MarginCall.Engine.Wire;

/// <summary>Whole-record helpers over the generated field encodings (<c>CommandCodec.g.cs</c>).</summary>
public static partial class CommandCodec
{
    /// <summary>The bytes of one command.</summary>
    public static byte[] Encode(Command command)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        Write(new WireWriter(buffer), command);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Exactly one command: trailing bytes are an error.</summary>
    public static Command Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new WireReader(bytes);
        var command = Read(ref r);
        r.EnsureEnd("Command");
        return command;
    }
}
