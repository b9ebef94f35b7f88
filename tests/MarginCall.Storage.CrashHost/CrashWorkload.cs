using MarginCall.Engine;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Storage.CrashHost;

/// <summary>
/// The crash tests' run, shared by the child and the parent: the engine log of <see cref="CrashStream"/> in a file
/// journal with small segments (so rolls are frequent) and a snapshot every <see cref="SnapshotEvery"/> commands.
/// </summary>
public static class CrashWorkload
{
    public const int SnapshotEvery = 997;

    public static FileJournalOptions JournalOptions => new() { SegmentBytes = 64 << 10 };

    public static FileSnapshotStore Snapshots(string dir) => new(Path.Combine(dir, "snapshots"));

    public static FileJournal OpenJournal(string dir) => FileJournal.Open(Path.Combine(dir, "journal"), JournalOptions);

    /// <summary>Recovers the log in <paramref name="journal"/> (or starts it with the crash genesis when empty).</summary>
    public static async Task<(JournaledEngine Engine, EngineRecovery? Recovery)> OpenAsync(FileJournal journal, ISnapshotStore snapshots) =>
        await JournaledEngine.OpenAsync(journal, snapshots, CrashStream.Genesis, SnapshotEvery).ConfigureAwait(false);

    /// <summary>
    /// Submits commands from the engine's next sequence to <paramref name="total"/> with up to <paramref name="window"/>
    /// unacknowledged, writing "ack N" once command N is durable (in order).
    /// </summary>
    public static async Task StreamAsync(JournaledEngine engine, long total, int seed, int window, TextWriter acks)
    {
        var inFlight = new Queue<Submission>();
        for (long s = engine.Engine.View.Sequence + 1; s <= total; s++)
        {
            inFlight.Enqueue(engine.Submit(CrashStream.At(s, seed)));
            while (inFlight.Count >= window || (s == total && inFlight.Count > 0))
            {
                var submission = inFlight.Dequeue();
                await submission.Durable.ConfigureAwait(false);
                acks.WriteLine($"ack {submission.Sequence}");
            }
        }
        await engine.SnapshotWritten.ConfigureAwait(false);
    }

    /// <summary>Raw durable append rate of the file journal with group commit (no engine): 62-byte records.</summary>
    public static async Task MeasureRateAsync(string dir, long total, int window, TextWriter output)
    {
        await using var journal = FileJournal.Open(dir);
        var payload = new byte[62];
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
