using System.Buffers.Binary;
using System.Numerics;

namespace MarginCall.Storage.Io;

/// <summary>
/// CRC-32C (Castagnoli), as used by iSCSI, ext4 and RocksDB: <see cref="BitOperations.Crc32C(uint, ulong)"/> is the
/// SSE4.2 / ARMv8 instruction with a software fallback. System.IO.Hashing's <c>Crc32</c> is the IEEE polynomial, not this one.
/// </summary>
internal static class Crc32C
{
    /// <summary>Continues a CRC over <paramref name="data"/>; start with <c>0</c>, the value is not inverted between calls.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        while (data.Length >= 8)
        {
            c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) c = BitOperations.Crc32C(c, b);
        return ~c;
    }

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);
}
