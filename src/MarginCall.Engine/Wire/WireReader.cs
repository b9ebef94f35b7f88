using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.Wire;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote. Every read names the field it decodes, so malformed input (truncated,
/// an undefined enum value, invalid UTF-8, a length past the end) throws a <see cref="WireFormatException"/> naming
/// that field and the byte offset, never an unrelated exception.
/// </summary>
public ref struct WireReader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> input;

    /// <summary>Reads <paramref name="input"/> from its first byte.</summary>
    public WireReader(ReadOnlySpan<byte> input)
    {
        this.input = input;
    }

    /// <summary>Bytes consumed so far.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => input.Length - Position;

    /// <summary>One byte.</summary>
    public byte ReadByte(string field) => Take(field, 1)[0];

    /// <summary>One byte that must be 0 or 1.</summary>
    public bool ReadBoolean(string field)
    {
        var at = Position;
        return ReadByte(field) switch
        {
            0 => false,
            1 => true,
            var other => throw new WireFormatException(field, at, $"a boolean must be 0 or 1, not {other}"),
        };
    }

    /// <summary>Two bytes, little-endian.</summary>
    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(field, sizeof(ushort)));

    /// <summary>Four bytes, little-endian.</summary>
    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(field, sizeof(int)));

    /// <summary>Eight bytes, little-endian.</summary>
    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(field, sizeof(long)));

    /// <summary>A count written by <see cref="WireWriter.WriteLength"/>; it may not exceed <paramref name="max"/>.</summary>
    public int ReadLength(string field, int max)
    {
        var at = Position;
        var value = 0u;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var group = ReadByte(field);
            value |= (uint)(group & 0x7F) << shift;
            if (group < 0x80)
            {
                if (value > (uint)max)
                {
                    throw new WireFormatException(field, at, $"length {value} exceeds {max}");
                }

                return (int)value;
            }
        }

        throw new WireFormatException(field, at, "length does not fit in 32 bits");
    }

    /// <summary>A length-prefixed UTF-8 string.</summary>
    public string ReadString(string field)
    {
        var count = ReadLength(field, Remaining);
        var at = Position;
        var bytes = Take(field, count);
        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new WireFormatException(field, at, "invalid UTF-8", e);
        }
    }

    /// <summary>A presence byte, then the string when present.</summary>
    public string? ReadOptionalString(string field) => ReadBoolean(field) ? ReadString(field) : null;

    /// <summary>A one-byte enum whose value must be defined.</summary>
    public TEnum ReadEnum<TEnum>(string field)
        where TEnum : struct, Enum
    {
        var at = Position;
        var raw = ReadByte(field);
        var value = Unsafe.As<byte, TEnum>(ref raw);
        if (Unsafe.SizeOf<TEnum>() != 1 || !Enum.IsDefined(value))
        {
            throw new WireFormatException(field, at, $"{raw} is not a defined {typeof(TEnum).Name}");
        }

        return value;
    }

    /// <summary>An amount.</summary>
    public Quantums ReadQuantums(string field) => new(ReadInt64(field));

    /// <summary>A price.</summary>
    public Price ReadPrice(string field) => new(ReadInt64(field));

    /// <summary>A presence byte, then the price when present.</summary>
    public Price? ReadOptionalPrice(string field) => ReadBoolean(field) ? ReadPrice(field) : null;

    /// <summary>A rate.</summary>
    public Ppm ReadPpm(string field) => new(ReadInt64(field));

    /// <summary>A presence byte, then the rate when present.</summary>
    public Ppm? ReadOptionalPpm(string field) => ReadBoolean(field) ? ReadPpm(field) : null;

    /// <summary>An account id.</summary>
    public AccountId ReadAccountId(string field) => new(ReadInt64(field));

    /// <summary>A market id.</summary>
    public MarketId ReadMarketId(string field) => new(ReadInt32(field));

    /// <summary>An asset id.</summary>
    public AssetId ReadAssetId(string field) => new(ReadInt32(field));

    /// <summary>Throws unless every byte has been read (a record is exactly its fields).</summary>
    public readonly void EnsureEnd(string field)
    {
        if (Remaining != 0)
        {
            throw new WireFormatException(field, Position, $"{Remaining} bytes after the end of the record");
        }
    }

    private ReadOnlySpan<byte> Take(string field, int count)
    {
        if (count > Remaining)
        {
            throw new WireFormatException(field, Position, $"needs {count} bytes, {Remaining} left");
        }

        var bytes = input.Slice(Position, count);
        Position += count;
        return bytes;
    }
}
