using System.Diagnostics;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Simulation.Randomness;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Bench;

/// <summary>What <see cref="JournalBench.RunAsync"/> measures.</summary>
public sealed record JournalBenchOptions
{
    /// <summary>Accounts of the bench population the stream runs over (docs/PERFORMANCE.md, "Engine bench").</summary>
    public int Accounts { get; init; } = 1_000_000;

    /// <summary>Plain commands of the stream (price updates, deposits and trades in equal parts, with their time commands).</summary>
    public int Commands { get; init; } = 300_000;

    /// <summary>Timed rounds; each runs the stream once without and once with the journal.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Seed of the population and the stream.</summary>
    public ulong Seed { get; init; } = new BenchOptions().Seed;

    /// <summary>Where the journals are written (a directory on the disk to measure; emptied per round).</summary>
    public required string Directory { get; init; }

    /// <summary>The first invalid field, or null.</summary>
    public string? Validate() =>
        Accounts < 1 ? nameof(Accounts) + " must be positive"
        : Commands < 1 ? nameof(Commands) + " must be positive"
        : Rounds < 1 ? nameof(Rounds) + " must be positive"
        : null;
}

/// <summary>One round: the stream through the bare engine, then through the journalled engine.</summary>
/// <param name="PlainRate">Commands per second, engine alone.</param>
/// <param name="JournaledRate">Commands per second until the last one is durable (acknowledged), journal with group commit.</param>
/// <param name="SubmittedRate">Commands per second of the journalled leg's submit loop alone (to the last submit, not the
/// last acknowledgement): what the sequencer thread sustains with encoding and enqueueing on it.</param>
/// <param name="Fsyncs">Durable batches of the journalled leg.</param>
public sealed record JournalBenchRound(double PlainRate, double JournaledRate, double SubmittedRate, long Fsyncs);

/// <summary>The journaling-cost figures.</summary>
/// <param name="Accounts">Accounts in the population.</param>
/// <param name="Commands">Commands in the stream (time commands included).</param>
/// <param name="JournalBytes">Bytes of one round's journal (frames and segment headers).</param>
/// <param name="Rounds">Each round's rates.</param>
/// <param name="PlainRate">Commands per second without the journal, over every round.</param>
/// <param name="JournaledRate">Commands per second with the journal (to the last acknowledgement), over every round.</param>
/// <param name="StateHashesEqual">Whether both legs of every round, and every recovery, ended in the same state.</param>
/// <param name="RecoverySeconds">The last round's recovery: opening the journal (verifying every segment) plus loading the
/// snapshot and replaying the whole stream as its tail (<see cref="JournaledEngine.RecoverAsync"/>).</param>
/// <param name="SnapshotBytes">Bytes of the population's snapshot.</param>
public sealed record JournalBenchFigures(int Accounts, int Commands, long JournalBytes, IReadOnlyList<JournalBenchRound> Rounds,
    double PlainRate, double JournaledRate, bool StateHashesEqual, double RecoverySeconds, long SnapshotBytes)
{
    /// <summary>The share of engine throughput the journal costs: 1 − journalled rate ÷ plain rate.</summary>
    public double Cost => 1 - (JournaledRate / PlainRate);
}

/// <summary>
/// The journaling-cost bench (docs/storage.md, "Measured"): the bench population is built once and snapshotted; the
/// stream is the throughput phase's mixed stream (<see cref="ThroughputPhase"/>: calm oracle updates with their time
/// commands, 1 USDC deposits, reducing trades), generated once. Each round loads the snapshot twice and submits the
/// same stream to the bare engine, then to a <see cref="JournaledEngine"/> over a <see cref="FileJournal"/> (group
/// commit with its defaults, every command appended as its codec bytes, no snapshots during the stream), with the
/// clock stopped when the last command is durable. Loading, generation and hashing are outside the clock. Then the
/// journal is closed and recovered as a restart would (open, verify, latest snapshot + the whole stream as its tail),
/// timed, and its state hash compared.
/// </summary>
public static class JournalBench
{
    /// <summary>Runs the bench; <paramref name="progress"/> receives one line per stage (may be null).</summary>
    public static async Task<JournalBenchFigures> RunAsync(JournalBenchOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem) throw new ArgumentException(problem, nameof(options));
        var log = progress ?? (_ => { });

        log($"building {options.Accounts:N0} accounts");
        var (snapshot, stream) = Prepare(options);

        var rounds = new List<JournalBenchRound>();
        double plainSeconds = 0, journaledSeconds = 0;
        long journalBytes = 0;
        bool hashesEqual = true;
        double recoverySeconds = 0;
        for (int round = 1; round <= options.Rounds; round++)
        {
            log($"round {round}: {stream.Count:N0} commands without the journal");
            var (plain, plainHash) = Plain(snapshot, stream);
            log($"round {round}: the same commands through the file journal");
            string dir = Path.Combine(options.Directory, $"round-{round}");
            if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
            var (journaled, submitted, journaledHash, fsyncs, bytes) = await JournaledAsync(snapshot, stream, dir).ConfigureAwait(false);
            log($"round {round}: recovering the journal (snapshot + {stream.Count:N0}-command tail)");
            (recoverySeconds, var recoveredHash) = await RecoverAsync(dir).ConfigureAwait(false);
            System.IO.Directory.Delete(dir, recursive: true);
            hashesEqual &= plainHash == journaledHash && plainHash == recoveredHash;
            journalBytes = bytes;
            plainSeconds += plain;
            journaledSeconds += journaled;
            rounds.Add(new JournalBenchRound(stream.Count / plain, stream.Count / journaled, stream.Count / submitted, fsyncs));
        }
        return new JournalBenchFigures(options.Accounts, stream.Count, journalBytes, rounds,
            rounds.Count * stream.Count / plainSeconds, rounds.Count * stream.Count / journaledSeconds, hashesEqual, recoverySeconds, snapshot.Length);
    }

    /// <summary>A restart: open the journal (verifying it), then the latest snapshot + tail; timed to the recovered engine.</summary>
    private static async Task<(double Seconds, string Hash)> RecoverAsync(string dir)
    {
        long start = Stopwatch.GetTimestamp();
        await using var journal = FileJournal.Open(Path.Combine(dir, "journal"));
        var recovery = await JournaledEngine.RecoverAsync(journal, new FileSnapshotStore(Path.Combine(dir, "snapshots"))).ConfigureAwait(false);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (seconds, Convert.ToHexString(recovery.Engine.StateHash()));
    }

    /// <summary>The population's snapshot and the stream over it (the building engine is dropped before the rounds).</summary>
    private static (byte[] Snapshot, List<Command> Stream) Prepare(JournalBenchOptions options)
    {
        var bench = new BenchOptions { Accounts = options.Accounts, Seed = options.Seed };
        var engine = BenchRunner.Build(bench, useFullScan: false, out _);
        var path = new PricePath(new Xoshiro256StarStar(options.Seed, BenchRunner.ScalePathStream), BenchRunner.StartMs);
        var generator = new ThroughputPhase.Generator(engine, path, bench.CalmVolatility, new Xoshiro256StarStar(options.Seed, BenchRunner.CommandMixStream));
        return (engine.WriteSnapshot(), generator.Mixed(options.Commands).ConvertAll(c => c.Command));
    }

    private static (double Seconds, string Hash) Plain(byte[] snapshot, List<Command> stream)
    {
        var engine = MarginEngine.LoadSnapshot(snapshot);
        long start = Stopwatch.GetTimestamp();
        foreach (var command in stream) engine.Submit(command);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (seconds, Convert.ToHexString(engine.StateHash()));
    }

    private static async Task<(double Seconds, double SubmitSeconds, string Hash, long Fsyncs, long Bytes)> JournaledAsync(byte[] snapshot, List<Command> stream, string dir)
    {
        // The journal continues from the snapshot (as after retention): recovery loads it and finds an empty tail.
        var store = new FileSnapshotStore(Path.Combine(dir, "snapshots"));
        var loaded = MarginEngine.LoadSnapshot(snapshot);
        await store.SaveAsync(new Snapshot(loaded.View.Sequence, snapshot)).ConfigureAwait(false);
        string journalDir = Path.Combine(dir, "journal");
        await using var journal = FileJournal.Open(journalDir, new FileJournalOptions { FirstSequence = loaded.View.Sequence + 1 });
        var (engine, _) = await JournaledEngine.OpenAsync(journal, store, loaded.Genesis).ConfigureAwait(false);

        var acks = new Task[stream.Count];
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < acks.Length; i++) acks[i] = engine.Submit(stream[i]).Durable;
        double submitSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await acks[^1].ConfigureAwait(false);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.WhenAll(acks).ConfigureAwait(false);
        long bytes = new DirectoryInfo(journalDir).EnumerateFiles("*.journal").Sum(f => f.Length);
        return (seconds, submitSeconds, Convert.ToHexString(engine.Engine.StateHash()), journal.Batches, bytes);
    }
}
