using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using MarginCall.Engine.State;
using MarginCall.Engine.Wire;

namespace MarginCall.Engine.Snapshots;

/// <summary>
/// The snapshot file format (version 1), little-endian:
/// <code>
/// offset  size  field
///      0     8  magic "MCSNAP\r\n" (4D 43 53 4E 41 50 0D 0A; the CR LF catches text-mode translation, as PNG's does)
///      8     2  format version (1)
///     10     1  flags: bit 0 = the engine runs the full scan instead of the candidate index; other bits zero
///     11     8  sequence number of the last command applied
///     19     8  body length L
///     27     L  body: the canonical state encoding (<see cref="StateEncoding"/>), the bytes the state hash is taken over
///   27+L    32  checksum: SHA-256 of bytes 0 .. 27+L
/// </code>
/// The reader checks in that order — length of the header, magic, version, length of body and checksum, checksum,
/// then the body field by field — and throws a <see cref="SnapshotFormatException"/> naming the first problem. A body that
/// decodes is re-encoded and must give the same bytes (the state hash of the loaded state equals SHA-256 of the body),
/// so load(snapshot) is exactly the state that was written.
/// </summary>
internal static class SnapshotFormat
{
    /// <summary>The format version this build writes and reads.</summary>
    public const ushort Version = 2;

    /// <summary>Bytes before the body.</summary>
    public const int HeaderSize = 27;

    /// <summary>Bytes after the body.</summary>
    public const int ChecksumSize = 32;

    private const byte FullScanFlag = 1;

    /// <summary>The eight bytes every snapshot starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "MCSNAP\r\n"u8;

    /// <summary>Writes a snapshot of <paramref name="state"/> to <paramref name="output"/>.</summary>
    public static void Write(EngineState state, bool fullScan, IBufferWriter<byte> output)
    {
        // The header states the body's length (so a truncated file says so), and the output cannot be patched afterwards:
        // a first pass only counts the body's bytes, the second streams it, with no copy of the body held in memory.
        long length;
        using (var counter = new HashingBufferWriter(hash: false))
        {
            StateEncoding.Write(new WireWriter(counter), state);
            length = counter.Written;
        }

        using var sink = new HashingBufferWriter(output);
        var w = new WireWriter(sink);
        foreach (var b in Magic)
        {
            w.WriteByte(b);
        }

        w.WriteUInt16(Version);
        w.WriteByte(fullScan ? FullScanFlag : (byte)0);
        w.WriteInt64(state.Sequence);
        w.WriteInt64(length);
        StateEncoding.Write(w, state);
        if (sink.Written != HeaderSize + length)
        {
            throw new InvalidOperationException($"the state encoding wrote {sink.Written - HeaderSize} bytes after counting {length}");
        }

        var checksum = sink.FinishHash();
        output.Write(checksum);
    }

    /// <summary>Reads a snapshot: the state (with its derived parts rebuilt, except the engine's detector) and the detector flag.</summary>
    /// <exception cref="SnapshotFormatException">The bytes are not a valid version-1 snapshot.</exception>
    public static (EngineState State, bool FullScan) Read(ReadOnlySpan<byte> snapshot)
    {
        Require(snapshot, Magic.Length, "magic");
        if (!snapshot[..Magic.Length].SequenceEqual(Magic))
        {
            throw new SnapshotFormatException(SnapshotProblem.BadMagic, "magic", 0, "not a MarginCall snapshot");
        }

        Require(snapshot, 10, "version");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(snapshot[8..]);
        if (version != Version)
        {
            throw new SnapshotFormatException(SnapshotProblem.UnsupportedVersion, "version", 8, $"format version {version}; this build reads version {Version}");
        }

        Require(snapshot, HeaderSize, "header");
        var flags = snapshot[10];
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(snapshot[11..]);
        var length = BinaryPrimitives.ReadInt64LittleEndian(snapshot[19..]);
        if (length < 0)
        {
            throw new SnapshotFormatException(SnapshotProblem.Malformed, "bodyLength", 19, $"negative body length {length}");
        }

        var total = HeaderSize + (Int128)length + ChecksumSize;
        if (snapshot.Length < total)
        {
            throw new SnapshotFormatException(SnapshotProblem.Truncated, "body", snapshot.Length, $"the header announces {total} bytes, {snapshot.Length} present");
        }

        if (snapshot.Length > total)
        {
            throw new SnapshotFormatException(SnapshotProblem.Malformed, "checksum", (long)total, $"{snapshot.Length - total} bytes after the checksum");
        }

        var end = HeaderSize + (int)length;
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        SHA256.HashData(snapshot[..end], checksum);
        if (!checksum.SequenceEqual(snapshot[end..]))
        {
            throw new SnapshotFormatException(SnapshotProblem.ChecksumMismatch, "checksum", end, "the SHA-256 of the header and body does not match: the snapshot is corrupted");
        }

        if ((flags & ~FullScanFlag) != 0)
        {
            throw new SnapshotFormatException(SnapshotProblem.Malformed, "flags", 10, $"unknown flag bits 0x{flags:X2}");
        }

        if (sequence < 0)
        {
            throw new SnapshotFormatException(SnapshotProblem.Malformed, "sequence", 11, $"negative sequence {sequence}");
        }

        var body = snapshot[HeaderSize..end];
        EngineState state;
        try
        {
            var reader = new WireReader(body);
            state = StateEncoding.Read(ref reader);
            reader.EnsureEnd("state");
        }
        catch (WireFormatException e)
        {
            throw new SnapshotFormatException(SnapshotProblem.Malformed, e.Field, HeaderSize + e.Offset, WirePath.Detail(e), e);
        }

        state.Sequence = sequence;
        if (!StateHasher.Hash(state).AsSpan().SequenceEqual(SHA256.HashData(body)))
        {
            throw new SnapshotFormatException(SnapshotProblem.NotCanonical, "state", HeaderSize, "the state decodes but does not write back to the same bytes");
        }

        return (state, (flags & FullScanFlag) != 0);
    }

    private static void Require(ReadOnlySpan<byte> snapshot, int length, string field)
    {
        if (snapshot.Length < length)
        {
            throw new SnapshotFormatException(SnapshotProblem.Truncated, field, snapshot.Length, $"needs at least {length} bytes, {snapshot.Length} present");
        }
    }
}
