using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace MarginCall.Cli.Tests;

/// <summary>
/// The CLI as a real child process (<c>dotnet margincall.dll simulate</c>), SIGKILLed while it writes its outputs into a
/// folder that holds a previous complete run. Whatever the moment of the kill, the folder must never hold a set that
/// looks whole but is not: a <c>manifest.json</c>, when present, lists exactly the output files with their sizes and
/// SHA-256 and is the previous run's or the new run's; before the commit the previous files are untouched; a folder
/// without a manifest is only possible inside the commit. After every kill a new run must succeed and sweep away the
/// killed run's temporary files.
/// </summary>
public sealed class KillDuringWriteTests : IDisposable
{
    private const string PauseVariable = "MARGINCALL_TEST_OUTPUT_PAUSE_MS";

    // What simulate writes, in order, and the commit's steps as AtomicOutputs announces them under the pause seam.
    private static readonly string[] Outputs = ["timeline.csv", "summary.json", "report.html"];

    private static readonly string[] Steps =
    [
        .. Outputs.Select(f => "write " + f), "prepare manifest.json", "remove manifest.json",
        .. Outputs.Select(f => "rename " + f), "rename manifest.json",
    ];

    // A small run: one market, 40 accounts, 10 minutes at 1 s steps (the report still inlines the chart library).
    private const string Scenario = """
        {
          "name": "kill-test",
          "durationSeconds": 600,
          "markets": [ { "symbol": "BTC-USD", "initialPrice": 50000, "tiers": [ { "initialRate": 0.05, "maintenanceRate": 0.03 } ] } ],
          "population": { "count": 40 },
          "priceProcess": { "kind": "gbm", "volatility": 0.8 }
        }
        """;

    private readonly string root = Path.Combine(Path.GetTempPath(), "margincall-kill-" + Guid.NewGuid().ToString("N"));
    private readonly string scenario;
    private readonly string output;

    public KillDuringWriteTests()
    {
        Directory.CreateDirectory(root);
        scenario = Path.Combine(root, "kill-test.json");
        output = Path.Combine(root, "out");
        File.WriteAllText(scenario, Scenario);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A kill between every pair of steps of writing and committing (each step paused so the kill lands there).</summary>
    [Fact]
    public void Killed_after_any_step_of_writing_or_committing_the_folder_never_holds_a_partial_set_that_looks_whole()
    {
        for (var step = 0; step < Steps.Length; step++)
        {
            var previous = CompleteRun();
            var killed = Run(seed: 2, pauseMs: 200, killAfter: Steps[step], killAt: null);

            Assert.True(killed.Killed, $"the run ended before step '{Steps[step]}': {killed.Error}");
            var state = Read();
            var context = $"killed after '{Steps[step]}'";
            if (step < Array.IndexOf(Steps, "remove manifest.json"))
            {
                // Before the commit: the previous outputs, byte for byte.
                Assert.Equal(previous, state);
            }
            else if (step < Steps.Length - 1)
            {
                Assert.True(state.Manifest is null, $"{context}: inside the commit the folder must read as incomplete (no manifest)");
            }
            else
            {
                AssertWhole(state, expectedSeed: 2, context);
            }
        }
    }

    /// <summary>Kills at random moments of an unpaused run (start-up, the run, the writes, the commit: wherever it lands).</summary>
    [Fact]
    public void Killed_at_random_moments_the_folder_holds_the_previous_or_the_new_complete_set_or_no_manifest()
    {
        var previous = CompleteRun();
        var clock = Stopwatch.StartNew();
        Assert.False(Run(seed: 2, pauseMs: 0, killAfter: null, killAt: null).Killed);
        var duration = clock.Elapsed;

        // A fixed seed, so a failing moment can be replayed; spread over the whole run and a little beyond.
        var random = new Random(20_261_202);
        const int trials = 8;
        for (var trial = 0; trial < trials; trial++)
        {
            previous = CompleteRun();
            var at = TimeSpan.FromMilliseconds(random.NextDouble() * duration.TotalMilliseconds * 1.1);
            Run(seed: 2, pauseMs: 0, killAfter: null, killAt: at);

            var state = Read();
            var context = $"trial {trial}, killed at {at.TotalMilliseconds:0} ms of {duration.TotalMilliseconds:0} ms";
            if (state.Manifest is { } manifest && manifest.SequenceEqual(previous.Manifest!))
            {
                AssertWhole(state, expectedSeed: 1, context);
                Assert.Equal(previous, state);
            }
            else if (state.Manifest is not null)
            {
                AssertWhole(state, expectedSeed: 2, context);
            }
        }
    }

    /// <summary>A complete run with seed 1 over whatever a killed run left: exit 0, a whole set, no temporary file left.</summary>
    private FolderState CompleteRun()
    {
        var run = Run(seed: 1, pauseMs: 0, killAfter: null, killAt: null);
        Assert.False(run.Killed);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        var state = Read();
        AssertWhole(state, expectedSeed: 1, "a complete run");
        Assert.Empty(Directory.GetFiles(output, ".*"));
        return state;
    }

    /// <summary>A manifest naming exactly the output files present, each with its size and SHA-256, and the seed.</summary>
    private static void AssertWhole(FolderState state, ulong expectedSeed, string context)
    {
        Assert.True(state.Manifest is not null, $"{context}: no manifest");
        using var manifest = JsonDocument.Parse(state.Manifest);
        Assert.Equal(expectedSeed, manifest.RootElement.GetProperty("seed").GetUInt64());
        var listed = manifest.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Bytes: f.GetProperty("bytes").GetInt64(), Sha256: f.GetProperty("sha256").GetString()!))
            .ToArray();
        Assert.Equal(Outputs, listed.Select(f => f.Name));
        foreach (var (name, bytes, sha256) in listed)
        {
            Assert.True(state.Files.TryGetValue(name, out var content), $"{context}: {name} listed but missing");
            Assert.Equal(bytes, content.Length);
            Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
        }
    }

    private FolderState Read()
    {
        var files = Outputs.Where(f => File.Exists(Path.Combine(output, f))).ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(output, f)));
        var manifest = Path.Combine(output, "manifest.json");
        return new FolderState(File.Exists(manifest) ? File.ReadAllBytes(manifest) : null, files);
    }

    /// <summary>
    /// Runs <c>simulate</c> as a child process; SIGKILLs it once it announces <paramref name="killAfter"/> (under the
    /// pause seam, so the kill lands before the next step) or at <paramref name="killAt"/> after the start.
    /// </summary>
    private ChildRun Run(ulong seed, int pauseMs, string? killAfter, TimeSpan? killAt)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "margincall.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { cli, "simulate", scenario, "-o", output, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[PauseVariable] = pauseMs > 0 ? pauseMs.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        using var process = new Process { StartInfo = start };
        var error = new System.Text.StringBuilder();
        var killed = false;
        void Kill()
        {
            lock (error)
            {
                if (!killed && !process.HasExited)
                {
                    process.Kill(entireProcessTree: false); // SIGKILL on Unix: no handler, no flush, no cleanup
                    killed = true;
                }
            }
        }

        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (error)
            {
                error.AppendLine(e.Data);
            }

            if (killAfter is not null && e.Data == "outputs: " + killAfter)
            {
                Kill();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (killAt is { } at && !process.WaitForExit(at))
        {
            Kill();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the child did not end within 2 minutes");
        process.WaitForExit();
        lock (error)
        {
            return new ChildRun(killed, killed ? null : process.ExitCode, error.ToString());
        }
    }

    private sealed record ChildRun(bool Killed, int? ExitCode, string Error);

    /// <summary>The manifest's bytes (null when absent) and the output files present, by name.</summary>
    private sealed record FolderState(byte[]? Manifest, Dictionary<string, byte[]> Files)
    {
        public bool Equals(FolderState? other) =>
            other is not null
            && (Manifest is null ? other.Manifest is null : other.Manifest is not null && Manifest.SequenceEqual(other.Manifest))
            && Files.Count == other.Files.Count
            && Files.All(f => other.Files.TryGetValue(f.Key, out var o) && f.Value.SequenceEqual(o));

        public override int GetHashCode() => Files.Count;
    }
}
