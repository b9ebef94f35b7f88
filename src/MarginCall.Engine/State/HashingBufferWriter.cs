using System.Buffers;
using System.Security.Cryptography;

namespace MarginCall.Engine.State;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that streams what is written through SHA-256 (<see cref="IncrementalHash"/>) in
/// chunks of a fixed buffer, so hashing the state costs one buffer, not a copy of the encoding; optionally it also
/// forwards every chunk to another writer (a snapshot's output, whose checksum it then is).
/// </summary>
/// <remarks>
/// Chunks rather than one <see cref="IncrementalHash.AppendData(ReadOnlySpan{byte})"/> per field: the encoding is
/// mostly eight-byte writes, and a call per write would cost more than the hashing itself.
/// </remarks>
internal sealed class HashingBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IBufferWriter<byte>? forwardTo;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int used;

    /// <summary>A sink that only hashes, or also forwards to <paramref name="forwardTo"/>.</summary>
    public HashingBufferWriter(IBufferWriter<byte>? forwardTo = null)
    {
        this.forwardTo = forwardTo;
    }

    /// <summary>Bytes written so far.</summary>
    public long Written { get; private set; }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - used);
        used += count;
        Written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(Reserve(sizeHint));

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(Reserve(sizeHint));

    /// <summary>Hashes (and forwards) what is buffered, then returns the SHA-256 of everything written and starts over.</summary>
    public byte[] FinishHash()
    {
        Flush();
        Written = 0;
        return hash.GetHashAndReset();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        hash.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    private int Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (buffer.Length - used < needed)
        {
            Flush();
            if (buffer.Length < needed)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = ArrayPool<byte>.Shared.Rent(needed);
            }
        }

        return used;
    }

    private void Flush()
    {
        if (used == 0)
        {
            return;
        }

        var chunk = buffer.AsSpan(0, used);
        hash.AppendData(chunk);
        if (forwardTo is not null)
        {
            chunk.CopyTo(forwardTo.GetSpan(used));
            forwardTo.Advance(used);
        }

        used = 0;
    }
}
