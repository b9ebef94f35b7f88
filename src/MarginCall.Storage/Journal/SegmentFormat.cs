using System.Buffers.Binary;
using System.Globalization;
using MarginCall.Storage.Io;

namespace MarginCall.Storage.Journal;

/// <summary>
/// The on-disk layout of a journal segment (all integers little-endian):
/// <code>
/// header (24 bytes): magic "MCJL" | u16 version = 1 | u16 reserved = 0 | i64 first sequence | u32 CRC-32C of the 16 bytes before | u32 reserved = 0
/// frame:             u32 payload length | i64 sequence | u32 CRC-32C over (length, sequence, payload) | payload
/// </code>
/// A segment is named <c>{first sequence:D20}.journal</c>, so names sort in sequence order.
/// </summary>
internal static class SegmentFormat
{
    public const int HeaderSize = 24;
    public const int FrameHeaderSize = 16;
    public const ushort Version = 1;
    public const int MaxPayload = 64 << 20;
    public const string Extension = ".journal";
    private static ReadOnlySpan<byte> Magic => "MCJL"u8;

    public static string FileName(long firstSequence) => firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseFileName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.Length == 20 + Extension.Length && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence);
    }

    public static void WriteHeader(Span<byte> destination, long firstSequence)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Crc32C.Compute(destination[..16]));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], 0);
    }

    /// <summary>Returns null if the header is valid for a segment starting at <paramref name="firstSequence"/>, else why not.</summary>
    public static string? CheckHeader(ReadOnlySpan<byte> header, long firstSequence)
    {
        if (header.Length < HeaderSize) return "segment header is short";
        if (!header[..4].SequenceEqual(Magic)) return "bad segment magic";
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != Crc32C.Compute(header[..16])) return "segment header checksum mismatch";
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != Version) return $"unsupported segment version {version}";
        long first = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        return first == firstSequence ? null : $"header says first sequence {first}, file name says {firstSequence}";
    }

    public static int FrameSize(int payloadLength) => FrameHeaderSize + payloadLength;

    public static void WriteFrame(Span<byte> destination, long sequence, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], sequence);
        payload.CopyTo(destination[FrameHeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], FrameChecksum(destination[..12], payload));
    }

    public static uint FrameChecksum(ReadOnlySpan<byte> lengthAndSequence, ReadOnlySpan<byte> payload) =>
        Crc32C.Append(Crc32C.Compute(lengthAndSequence), payload);

    /// <summary>Whether a whole, checksum-valid frame starts at <paramref name="frame"/>[0]; gives its sequence and size.</summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> frame, out long sequence, out int size)
    {
        sequence = 0;
        size = 0;
        if (frame.Length < FrameHeaderSize) return false;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (length > MaxPayload || FrameHeaderSize + (long)length > frame.Length) return false;
        var payload = frame.Slice(FrameHeaderSize, (int)length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(frame[12..]) != FrameChecksum(frame[..12], payload)) return false;
        sequence = BinaryPrimitives.ReadInt64LittleEndian(frame[4..]);
        size = FrameHeaderSize + (int)length;
        return true;
    }
}
