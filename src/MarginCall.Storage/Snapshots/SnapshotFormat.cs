using System.Buffers.Binary;
using MarginCall.Storage.Io;

namespace MarginCall.Storage.Snapshots;

/// <summary>
/// The snapshot envelope (little-endian): magic "MCSN" | u16 version = 1 | u16 reserved | i64 sequence | i64 state length |
/// state bytes | u32 CRC-32C of everything before it. Shared by the file and PostgreSQL stores.
/// </summary>
internal static class SnapshotFormat
{
    public const int HeaderSize = 24;
    public const ushort Version = 1;
    private static ReadOnlySpan<byte> Magic => "MCSN"u8;

    public static byte[] Encode(Snapshot snapshot)
    {
        var bytes = new byte[HeaderSize + snapshot.State.Length + 4];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), snapshot.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), snapshot.State.Length);
        snapshot.State.Span.CopyTo(bytes.AsSpan(HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        return bytes;
    }

    /// <summary>Decodes and verifies; returns the reason on failure.</summary>
    public static Snapshot? TryDecode(byte[] bytes, long expectedSequence, out string? reason)
    {
        reason = null;
        if (bytes.Length < HeaderSize + 4) { reason = $"truncated: {bytes.Length} bytes"; return null; }
        if (!bytes.AsSpan(0, 4).SequenceEqual(Magic)) { reason = "bad magic"; return null; }
        long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        if (length != bytes.Length - HeaderSize - 4) { reason = $"truncated: state length {length}, file holds {bytes.Length - HeaderSize - 4}"; return null; }
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)) != Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4)))
        { reason = "checksum mismatch"; return null; }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (version != Version) { reason = $"unsupported version {version}"; return null; }
        long sequence = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        if (sequence != expectedSequence) { reason = $"says sequence {sequence}, named {expectedSequence}"; return null; }
        return new Snapshot(sequence, bytes.AsMemory(HeaderSize, (int)length));
    }
}
