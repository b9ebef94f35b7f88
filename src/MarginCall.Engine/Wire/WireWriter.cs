using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Wire;

/// <summary>
/// Writes the engine's canonical binary encoding into an <see cref="IBufferWriter{T}"/>: fixed-width little-endian
/// integers, a boolean as one byte (0 or 1), a string as its UTF-8 byte count in 7-bit groups (low group first, high
/// bit = more follows) followed by the bytes. Those are exactly <see cref="BinaryWriter"/>'s encodings, so a state hash
/// written through this type equals one written through a <see cref="BinaryWriter"/>.
/// </summary>
/// <remarks>
/// Fixed widths rather than varints: the encoding is canonical (one byte string per value, which the state hash needs)
/// and every write is a single bounds-checked store. Allocation-free: the writer is a struct over the caller's buffer.
/// </remarks>
/// <param name="output">Where the bytes go (an <see cref="ArrayBufferWriter{T}"/>, a pooled buffer, a hashing sink).</param>
public readonly struct WireWriter(IBufferWriter<byte> output)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>One byte.</summary>
    public void WriteByte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    /// <summary>One byte: 1 for true, 0 for false.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Two bytes, little-endian.</summary>
    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(output.GetSpan(sizeof(ushort)), value);
        output.Advance(sizeof(ushort));
    }

    /// <summary>Four bytes, little-endian.</summary>
    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(sizeof(int)), value);
        output.Advance(sizeof(int));
    }

    /// <summary>Eight bytes, little-endian.</summary>
    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(sizeof(long)), value);
        output.Advance(sizeof(long));
    }

    /// <summary>A count or length as 7-bit groups, low group first (<see cref="BinaryWriter.Write7BitEncodedInt(int)"/>).</summary>
    public void WriteLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var rest = (uint)length;
        while (rest >= 0x80)
        {
            WriteByte(unchecked((byte)(rest | 0x80))); // the low seven bits with the continuation bit
            rest >>= 7;
        }

        WriteByte((byte)rest);
    }

    /// <summary>UTF-8 byte count (<see cref="WriteLength"/>) followed by the UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var count = Utf8.GetByteCount(value);
        WriteLength(count);
        if (count > 0)
        {
            Utf8.GetBytes(value, output.GetSpan(count));
            output.Advance(count);
        }
    }

    /// <summary>A presence byte, then the string when present.</summary>
    public void WriteOptionalString(string? value)
    {
        WriteBoolean(value is not null);
        if (value is not null)
        {
            WriteString(value);
        }
    }

    /// <summary>An amount: its quantum count (eight bytes).</summary>
    public void WriteQuantums(Quantums value) => WriteInt64(value.Value);

    /// <summary>A price: its unit count (eight bytes).</summary>
    public void WritePrice(Price value) => WriteInt64(value.Units);

    /// <summary>A presence byte, then the price when present.</summary>
    public void WriteOptionalPrice(Price? value)
    {
        WriteBoolean(value.HasValue);
        if (value is { } price)
        {
            WritePrice(price);
        }
    }

    /// <summary>A rate: its ppm count (eight bytes).</summary>
    public void WritePpm(Ppm value) => WriteInt64(value.Value);

    /// <summary>A presence byte, then the rate when present.</summary>
    public void WriteOptionalPpm(Ppm? value)
    {
        WriteBoolean(value.HasValue);
        if (value is { } ppm)
        {
            WritePpm(ppm);
        }
    }

    /// <summary>An account id (eight bytes).</summary>
    public void WriteAccountId(AccountId value) => WriteInt64(value.Value);

    /// <summary>A market id (four bytes).</summary>
    public void WriteMarketId(MarketId value) => WriteInt32(value.Value);

    /// <summary>An asset id (four bytes).</summary>
    public void WriteAssetId(AssetId value) => WriteInt32(value.Value);
}
