using System.Diagnostics;
using System.Globalization;
using MarginCall.Storage.CrashHost;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;
using Xunit.Abstractions;

namespace MarginCall.Storage.Tests;

/// <summary>
/// kill -9 at random points. A child process streams records at full speed through the file journal (taking snapshots and
/// rolling segments as it goes) and prints each acknowledged sequence; the parent SIGKILLs it, recovers, and checks that
/// every acknowledged record is present, that snapshot + tail equals a replay of the recovered log from the start, and that
/// continuing to the end gives the same state as an uninterrupted run. MARGINCALL_CRASH_TRIALS overrides the trial count.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const long Total = 6000;

    private static int Trials => int.TryParse(Environment.GetEnvironmentVariable("MARGINCALL_CRASH_TRIALS"), NumberStyles.None,
        CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 20;

    [Fact]
    public async Task Killed_at_random_points_recovery_loses_nothing_acknowledged_and_ends_on_the_uninterrupted_hash()
    {
        const int seed = 11;
        byte[] expectedFinal = CrashWorkload.StateAfter(Total, seed);
        var random = new Random(20261202); // the kill points vary by trial, reproducibly
        int kills = 0, lostAcknowledged = 0, hashMismatches = 0;
        long tornBytes = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            using var temp = new TempDirectory();
            long acknowledged = 0;
            // One to three kills per trial: recovery after a crash must itself survive a crash.
            int killsThisTrial = 1 + random.Next(3);
            for (int k = 0; k < killsThisTrial; k++)
            {
                if (acknowledged >= Total - 300) break;
                long target = acknowledged + 1 + random.Next((int)Math.Min(2500, Total - 300 - acknowledged));
                acknowledged = Math.Max(acknowledged, await RunAndKillAsync(temp.Path, seed, target, random.Next(4) == 0 ? random.Next(400) : -1));
                kills++;
            }

            await using var journal = FileJournal.Open(Path.Combine(temp.Path, "journal"), CrashWorkload.JournalOptions);
            tornBytes += journal.Recovery.TornBytesTruncated;
            var snapshots = new FileSnapshotStore(Path.Combine(temp.Path, "snapshots"));
            var (state, last, fromSnapshot) = await CrashWorkload.RecoverAsync(journal, snapshots);
            if (last < acknowledged) lostAcknowledged++;
            Assert.True(last >= acknowledged, $"trial {trial}: acknowledged {acknowledged}, recovered only {last}");
            Assert.Equal(last + 1, journal.NextSequence);
            var replay = CrashWorkload.Genesis;
            long count = 0;
            await foreach (var record in journal.ReadAsync(1))
            {
                Assert.Equal(CrashWorkload.Payload(record.Sequence, seed), record.Payload.ToArray());
                replay = CrashWorkload.Fold(replay, record.Payload.Span);
                count++;
            }
            Assert.Equal(last, count);
            if (!replay.AsSpan().SequenceEqual(state)) hashMismatches++;
            Assert.Equal(Convert.ToHexString(replay), Convert.ToHexString(state));

            await CrashWorkload.StreamAsync(journal, snapshots, state, Total, seed, 256, TextWriter.Null);
            var (final, finalLast, _) = await CrashWorkload.RecoverAsync(journal, snapshots);
            Assert.Equal(Total, finalLast);
            Assert.Equal(Convert.ToHexString(expectedFinal), Convert.ToHexString(final));
            output.WriteLine($"trial {trial}: {killsThisTrial} kill(s), acknowledged {acknowledged}, recovered {last} (snapshot {fromSnapshot})");
        }
        output.WriteLine($"{Trials} trials, {kills} kills, {lostAcknowledged} lost acknowledged, {hashMismatches} hash mismatches, {tornBytes} torn bytes truncated");
    }

    /// <summary>Starts the child and kills it after <paramref name="killAfterAcks"/> acknowledgements (or after a delay); returns the highest acknowledged sequence.</summary>
    private static async Task<long> RunAndKillAsync(string dir, int seed, long killAfterAcks, int killAfterMilliseconds)
    {
        string host = typeof(CrashWorkload).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { host, dir, Total.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture), "256" })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        long acknowledged = 0;
        var stderr = child.StandardError.ReadToEndAsync();
        if (killAfterMilliseconds >= 0)
        {
            // Kill by time: lands anywhere, including startup, recovery, a segment roll or a snapshot write.
            string? line;
            while ((line = await child.StandardOutput.ReadLineAsync()) is not null)
                if (line.StartsWith("ready", StringComparison.Ordinal)) break;
            await Task.Delay(killAfterMilliseconds);
            Kill(child);
        }
        string? next;
        while ((next = await child.StandardOutput.ReadLineAsync()) is not null)
        {
            if (next.StartsWith("ack ", StringComparison.Ordinal)) acknowledged = long.Parse(next.AsSpan(4), CultureInfo.InvariantCulture);
            if (acknowledged >= killAfterAcks) Kill(child);
        }
        await child.WaitForExitAsync();
        string errors = await stderr;
        Assert.True(child.ExitCode == 137 || child.ExitCode == -1 || child.ExitCode == 0 || errors.Length == 0, errors);
        return acknowledged;
    }

    private static void Kill(Process child)
    {
        if (!child.HasExited) child.Kill(entireProcessTree: false); // SIGKILL on Unix
    }
}
