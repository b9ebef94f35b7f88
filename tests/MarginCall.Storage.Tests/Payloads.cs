using System.Buffers.Binary;
using MarginCall.Storage.Journal;

namespace MarginCall.Storage.Tests;

/// <summary>Deterministic test payloads: the bytes of record <c>sequence</c> depend only on it (and a seed).</summary>
public static class Payloads
{
    /// <summary>These opaque records are numbered from 1 (an engine log's record 0 is its genesis; see the engine tests).</summary>
    public static FileJournalOptions FromOne => new() { FirstSequence = 1 };

    public static byte[] For(long sequence, int seed = 7)
    {
        ulong x = (ulong)sequence * 0x9E3779B97F4A7C15UL ^ (ulong)seed;
        int length = 8 + (int)(x % 120);
        var bytes = new byte[length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, sequence);
        for (int i = 8; i < length; i++)
        {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            bytes[i] = (byte)x;
        }
        return bytes;
    }

    public static async Task<List<JournalRecord>> ReadAll(IJournal journal, long from = 1)
    {
        var records = new List<JournalRecord>();
        await foreach (var record in journal.ReadAsync(from)) records.Add(record);
        return records;
    }

    public static async Task AppendRange(IJournal journal, long first, long count)
    {
        var acks = new List<Task>();
        for (long s = first; s < first + count; s++) acks.Add(journal.AppendAsync(s, Payloads.For(s)));
        await Task.WhenAll(acks);
    }
}
