using System.Diagnostics;
using MarginCall.Storage.Io;
using MarginCall.Storage.Journal;
using Xunit.Abstractions;

namespace MarginCall.Storage.Tests;

/// <summary>Faults during writes: each gives a typed failure, keeps every acknowledged record, acknowledges nothing undurable.</summary>
public sealed class FaultInjectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_full_disk_fails_with_DiskFull_and_keeps_every_acknowledged_record()
    {
        string mountPoint = Path.Combine(temp.Path, "tmpfs");
        Directory.CreateDirectory(mountPoint);
        bool mounted = Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint);
        try
        {
            FileJournalOptions options;
            if (mounted)
            {
                output.WriteLine("real ENOSPC: a 256 KiB tmpfs");
                options = new FileJournalOptions { FirstSequence = 1, SegmentBytes = 32 << 10 };
            }
            else
            {
                output.WriteLine("mount not permitted: simulated ENOSPC (writes past 256 KiB in total throw IOException errno 28)");
                long budget = 256 << 10;
                options = new FileJournalOptions
                {
                    FirstSequence = 1,
                    SegmentBytes = 32 << 10,
                    OpenFile = (path, create) => new FaultyFile(DurableFile.Open(path, create), onWrite: n =>
                    {
                        budget -= n;
                        if (budget < 0) throw new IOException("No space left on device", 28);
                    }),
                };
            }
            string dir = Path.Combine(mountPoint, "journal");
            var (acknowledged, failure) = await AppendUntilFailureAsync(FileJournal.Open(dir, options), 100_000);
            Assert.Equal(WriteFailure.DiskFull, failure.Failure);
            await AssertRecoveredAsync(dir, acknowledged);
        }
        finally
        {
            if (mounted) Assert.True(Run("umount", mountPoint), "umount failed");
        }
    }

    [Fact]
    public async Task A_failed_fsync_fails_the_batch_refuses_later_appends_and_keeps_what_was_acknowledged()
    {
        int syncs = 0;
        var options = new FileJournalOptions
        {
            FirstSequence = 1,
            OpenFile = (path, create) => new FaultyFile(DurableFile.Open(path, create), onSync: () =>
            {
                if (++syncs == 40) throw new IOException("Input/output error", 5);
            }),
        };
        var (acknowledged, failure) = await AppendUntilFailureAsync(FileJournal.Open(temp.Path, options), 50_000);
        Assert.Equal(WriteFailure.Sync, failure.Failure);
        Assert.InRange(acknowledged, 1, 50_000 - 1);
        await AssertRecoveredAsync(temp.Path, acknowledged);
    }

    [Fact]
    public async Task A_write_that_fails_half_way_leaves_a_torn_tail_that_recovery_cuts()
    {
        int writes = 0;
        var options = new FileJournalOptions
        {
            FirstSequence = 1,
            OpenFile = (path, create) => new FaultyFile(DurableFile.Open(path, create), partialWriteAt: () => ++writes == 30),
        };
        var (acknowledged, failure) = await AppendUntilFailureAsync(FileJournal.Open(temp.Path, options), 50_000);
        Assert.Equal(WriteFailure.Write, failure.Failure);
        await using var reopened = FileJournal.Open(temp.Path);
        Assert.True(reopened.Recovery.TornBytesTruncated > 0, "the half-written batch was not detected");
        Assert.True(reopened.NextSequence - 1 >= acknowledged);
    }

    /// <summary>Streams appends with many in flight until one fails; returns the highest acknowledged sequence and the failure.</summary>
    private static async Task<(long Acknowledged, JournalWriteException Failure)> AppendUntilFailureAsync(FileJournal journal, long max)
    {
        var inFlight = new Queue<(long, Task)>();
        long acknowledged = 0;
        JournalWriteException? failure = null;
        for (long s = 1; s <= max && failure is null; s++)
        {
            try
            {
                inFlight.Enqueue((s, journal.AppendAsync(s, Payloads.For(s))));
            }
            catch (JournalWriteException ex)
            {
                Assert.Equal(WriteFailure.Faulted, ex.Failure);
                break;
            }
            while (inFlight.Count > 128 || (inFlight.Count > 0 && inFlight.Peek().Item2.IsCompleted))
            {
                var (sequence, ack) = inFlight.Dequeue();
                try
                {
                    await ack;
                    Assert.Null(failure); // nothing after a failed record is ever acknowledged
                    acknowledged = sequence;
                }
                catch (JournalWriteException ex)
                {
                    failure ??= ex;
                }
            }
        }
        while (inFlight.Count > 0)
        {
            var (sequence, ack) = inFlight.Dequeue();
            try { await ack; Assert.Null(failure); acknowledged = sequence; }
            catch (JournalWriteException ex) { failure ??= ex; }
        }
        await journal.DisposeAsync();
        Assert.NotNull(failure);
        Assert.True(failure.FirstSequence > acknowledged, $"failed batch starts at {failure.FirstSequence}, acknowledged {acknowledged}");
        return (acknowledged, failure);
    }

    private static async Task AssertRecoveredAsync(string dir, long acknowledged)
    {
        await using var reopened = FileJournal.Open(dir);
        var records = await Payloads.ReadAll(reopened);
        Assert.True(records.Count >= acknowledged, $"acknowledged {acknowledged}, recovered {records.Count}");
        for (int i = 0; i < records.Count; i++) Assert.Equal(Payloads.For(i + 1), records[i].Payload.ToArray());
    }

    private static bool Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no mount binary: fall back to the simulation
        }
    }

    /// <summary>A segment file with injected faults.</summary>
    private sealed class FaultyFile(IDurableFile inner, Action<int>? onWrite = null, Action? onSync = null, Func<bool>? partialWriteAt = null) : IDurableFile
    {
        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            onWrite?.Invoke(bytes.Length);
            if (partialWriteAt?.Invoke() == true && bytes.Length > 1)
            {
                inner.Write(bytes[..(bytes.Length / 2)]);
                inner.Sync();
                throw new IOException("injected failure half way through a write");
            }
            inner.Write(bytes);
        }

        public void Sync()
        {
            onSync?.Invoke();
            inner.Sync();
        }

        public void Dispose() => inner.Dispose();
    }
}
