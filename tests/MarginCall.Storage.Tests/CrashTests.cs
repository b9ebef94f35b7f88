using System.Diagnostics;
using System.Globalization;
using MarginCall.Engine;
using MarginCall.Engine.Events;
using MarginCall.Engine.Wire;
using MarginCall.Storage.CrashHost;
using MarginCall.Storage.Sequencing;
using Xunit.Abstractions;

namespace MarginCall.Storage.Tests;

/// <summary>
/// kill -9 at random points. A child process streams engine commands (<see cref="CrashStream"/>) at full speed through a
/// journalled engine (taking snapshots and rolling segments as it goes) and prints each acknowledged sequence; the parent
/// SIGKILLs it, recovers, and checks that every acknowledged command is present, that snapshot + tail gives the state hash
/// of a clean replay of the recovered log from its genesis, and that continuing to the end gives the hash of an
/// uninterrupted run. MARGINCALL_CRASH_TRIALS overrides the trial count (100 for the soak).
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const long Total = 6000;
    private const int Seed = 11;

    private static int Trials => int.TryParse(Environment.GetEnvironmentVariable("MARGINCALL_CRASH_TRIALS"), NumberStyles.None,
        CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 20;

    private static string Hash(MarginEngine engine) => Convert.ToHexString(engine.StateHash());

    [Fact]
    public void The_crash_stream_reaches_liquidations_margin_calls_and_refusals()
    {
        var engine = new MarginEngine(CrashStream.Genesis);
        var events = new List<EngineEvent>();
        for (long s = 1; s <= Total; s++) engine.Submit(CrashStream.At(s, Seed), events);
        var kinds = events.GroupBy(e => e.GetType().Name).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")));
        foreach (var kind in new[] { nameof(TradeSettled), nameof(MarkPriceChanged), nameof(MarginCallNotice), nameof(LiquidationStep), nameof(OrderRested), nameof(CommandRejected) })
            Assert.True(kinds.ContainsKey(kind), $"no {kind} in the crash stream");
        Assert.True(kinds[nameof(CommandRejected)] < Total / 2, $"{kinds[nameof(CommandRejected)]} of {Total} commands refused");
    }

    [Fact]
    public async Task Killed_at_random_points_recovery_loses_nothing_acknowledged_and_ends_on_the_uninterrupted_hash()
    {
        string expectedFinal = Hash(CrashStream.Uninterrupted(Total, Seed));
        byte[] genesis = GenesisCodec.Encode(CrashStream.Genesis);
        var random = new Random(20261202); // the kill points vary by trial, reproducibly
        int kills = 0, lostAcknowledged = 0, hashMismatches = 0;
        long tornBytes = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            using var temp = new TempDirectory();
            long acknowledged = 0;
            // One to three runs per trial, each killed unless it finishes first: recovery after a crash must itself survive a crash.
            int killsThisTrial = 1 + random.Next(3);
            for (int k = 0; k < killsThisTrial; k++)
            {
                if (acknowledged >= Total - 300) break;
                long target = acknowledged + 1 + random.Next((int)Math.Min(2500, Total - 300 - acknowledged));
                var (acked, killed) = await RunAndKillAsync(temp.Path, target, random.Next(4) == 0 ? random.Next(400) : -1);
                acknowledged = Math.Max(acknowledged, acked);
                if (killed) kills++;
            }

            await using var journal = CrashWorkload.OpenJournal(temp.Path);
            tornBytes += journal.Recovery.TornBytesTruncated;
            var snapshots = CrashWorkload.Snapshots(temp.Path);
            var (engine, recovery) = await CrashWorkload.OpenAsync(journal, snapshots);
            long last = engine.Engine.View.Sequence;
            if (last < acknowledged) lostAcknowledged++;
            Assert.True(last >= acknowledged, $"trial {trial}: acknowledged {acknowledged}, recovered only {last}");
            Assert.Equal(last + 1, journal.NextSequence);

            // Every record is the stream's own: the genesis, then command s at sequence s, byte for byte.
            long count = 0;
            await foreach (var record in journal.ReadAsync(0))
            {
                Assert.Equal(record.Sequence == 0 ? genesis : CommandCodec.Encode(CrashStream.At(record.Sequence, Seed)), record.Payload.ToArray());
                count++;
            }
            Assert.Equal(last + 1, count);
            string clean = Hash((await JournaledEngine.RecoverAsync(journal, snapshots: null)).Engine);
            if (clean != Hash(engine.Engine)) hashMismatches++;
            Assert.Equal(clean, Hash(engine.Engine));

            await CrashWorkload.StreamAsync(engine, Total, Seed, 256, TextWriter.Null);
            Assert.Equal(expectedFinal, Hash(engine.Engine));
            var final = await JournaledEngine.RecoverAsync(journal, snapshots);
            Assert.Equal(Total, final.Sequence);
            Assert.Equal(expectedFinal, Hash(final.Engine));
            output.WriteLine($"trial {trial}: acknowledged {acknowledged}, recovered {last} (snapshot {recovery?.FromSnapshot?.ToString(CultureInfo.InvariantCulture) ?? "none"})");
        }
        output.WriteLine($"{Trials} trials, {kills} kills, {lostAcknowledged} lost acknowledged, {hashMismatches} hash mismatches, {tornBytes} torn bytes truncated");
    }

    /// <summary>
    /// Starts the child and kills it after <paramref name="killAfterAcks"/> acknowledgements (or after a delay); returns the
    /// highest acknowledged sequence and whether the kill landed (the child may finish first).
    /// </summary>
    private static async Task<(long Acknowledged, bool Killed)> RunAndKillAsync(string dir, long killAfterAcks, int killAfterMilliseconds)
    {
        string host = typeof(CrashWorkload).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { host, dir, Total.ToString(CultureInfo.InvariantCulture), Seed.ToString(CultureInfo.InvariantCulture), "256" })
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
        return (acknowledged, child.ExitCode is 137 or -1);
    }

    private static void Kill(Process child)
    {
        if (!child.HasExited) child.Kill(entireProcessTree: false); // SIGKILL on Unix
    }
}
