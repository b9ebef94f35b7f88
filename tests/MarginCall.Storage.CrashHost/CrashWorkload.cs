using System.Buffers.Binary;
using System.Security.Cryptography;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.CrashHost;

/// <summary>
/// The workload of the crash tests, shared by the child and the parent: record <c>n</c>'s payload depends only on
/// (seed, n), and the "state machine" folds payloads into a SHA-256 chain, so any prefix has one true state and
/// snapshot + tail must equal replay from the start.
/// </summary>
public static class CrashWorkload
{
    public const int SnapshotEvery = 997;

    public static FileJournalOptions JournalOptions => new() { SegmentBytes = 64 << 10, FirstSequence = 1 };

    public static byte[] Payload(long sequence, int seed)
    {
        ulong x = (ulong)sequence * 0x9E3779B97F4A7C15UL ^ (ulong)seed * 0xD1B54A32D192ED03UL;
        int length = 16 + (int)(x % 200);
        var bytes = new byte[length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), seed);
        for (int i = 16; i < length; i++)
        {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            bytes[i] = (byte)x;
        }
        return bytes;
    }

    public static byte[] Genesis => new byte[32];

    public static byte[] Fold(byte[] state, ReadOnlySpan<byte> payload)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(state);
        hash.AppendData(payload);
        return hash.GetHashAndReset();
    }

    /// <summary>The state after records 1..<paramref name="last"/> computed from the generator alone (the uninterrupted run).</summary>
    public static byte[] StateAfter(long last, int seed)
    {
        var state = Genesis;
        for (long s = 1; s <= last; s++) state = Fold(state, Payload(s, seed));
        return state;
    }

    /// <summary>
    /// Streams records <c>journal.NextSequence..total</c> with up to <paramref name="window"/> appends in flight, writing
    /// "ack N" once N is durable, and a snapshot after every <see cref="SnapshotEvery"/>-th record is acknowledged.
    /// </summary>
    public static async Task StreamAsync(FileJournal journal, ISnapshotStore snapshots, byte[] state, long total, int seed, int window, TextWriter acks)
    {
        var inFlight = new Queue<(long Sequence, Task Ack, byte[]? SnapshotState)>();
        for (long s = journal.NextSequence; s <= total; s++)
        {
            byte[] payload = Payload(s, seed);
            state = Fold(state, payload);
            inFlight.Enqueue((s, journal.AppendAsync(s, payload), s % SnapshotEvery == 0 ? state : null));
            while (inFlight.Count >= window || (s == total && inFlight.Count > 0))
            {
                var (sequence, ack, snapshotState) = inFlight.Dequeue();
                await ack.ConfigureAwait(false);
                acks.WriteLine($"ack {sequence}");
                if (snapshotState is not null) await snapshots.SaveAsync(new Snapshot(sequence, snapshotState)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Recovery: the latest valid snapshot plus the journal tail.</summary>
    public static async Task<(byte[] State, long Last, long FromSnapshot)> RecoverAsync(FileJournal journal, ISnapshotStore snapshots)
    {
        var load = await snapshots.LoadLatestAsync().ConfigureAwait(false);
        var state = load.Latest is { } snapshot ? snapshot.State.ToArray() : Genesis;
        long from = load.Latest?.Sequence ?? 0;
        long last = from;
        await foreach (var record in journal.ReadAsync(from + 1).ConfigureAwait(false))
        {
            state = Fold(state, record.Payload.Span);
            last = record.Sequence;
        }
        return (state, last, from);
    }

    /// <summary>Raw durable append rate of the file journal with group commit (no engine).</summary>
    public static async Task MeasureRateAsync(string dir, long total, int window, TextWriter output)
    {
        await using var journal = FileJournal.Open(dir);
        var payload = Payload(1, 1);
        var inFlight = new Queue<Task>();
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        for (long s = journal.NextSequence, end = s + total; s < end; s++)
        {
            inFlight.Enqueue(journal.AppendAsync(s, payload));
            if (inFlight.Count >= window) await inFlight.Dequeue().ConfigureAwait(false);
        }
        while (inFlight.Count > 0) await inFlight.Dequeue().ConfigureAwait(false);
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        output.WriteLine($"{total} records of {payload.Length} bytes, window {window}: {total / seconds:F0} records/s durable, "
            + $"{journal.Batches} fsyncs ({(double)total / journal.Batches:F1} records per fsync), {seconds:F2} s");
    }
}
