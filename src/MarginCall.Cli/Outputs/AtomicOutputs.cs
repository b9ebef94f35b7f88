using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarginCall.Cli.Outputs;

/// <summary>
/// Writes a command's output files so that a reader never takes a half-written set for a whole one. Every file is
/// written under a temporary name in the output folder (<c>.NAME.tmp-PID</c>, same file system, so the rename is
/// atomic) and flushed to disk; only when all are complete is the previous <c>manifest.json</c> removed, each file
/// renamed over its final name, and a new <c>manifest.json</c> written last (itself through a temporary name). The
/// manifest lists every file with its size and SHA-256 and names the input's SHA-256, the seed, the tool version and
/// the completion time. A run killed while writing leaves the previous complete outputs (and at most some temporary
/// files, removed by the next run); one killed inside the commit — a few renames, microseconds — leaves no manifest, so
/// the folder reads as incomplete rather than as a mix.
/// </summary>
internal sealed class AtomicOutputs
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestName = "manifest.json";

    private readonly string folder;
    private readonly List<(string Final, string Temp)> files = [];

    /// <summary>Starts a set of outputs in <paramref name="folder"/> (which must exist), removing stale temporary files.</summary>
    public AtomicOutputs(string folder)
    {
        this.folder = folder;
        foreach (var stale in Directory.EnumerateFiles(folder, ".*.tmp-*"))
        {
            if (int.TryParse(stale[(stale.LastIndexOf('-') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                File.Delete(stale);
            }
        }
    }

    /// <summary>Writes one file (under its temporary name).</summary>
    public void Write(string name, Action<TextWriter> write)
    {
        var temp = Path.Combine(folder, $".{name}.tmp-{Environment.ProcessId}");
        files.Add((Path.Combine(folder, name), temp));
        using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
        using (var writer = new StreamWriter(stream, leaveOpen: true))
        {
            write(writer);
        }

        stream.Flush(flushToDisk: true);
        Step("write " + name);
    }

    /// <summary>Writes one file whose whole text is at hand.</summary>
    public void Write(string name, string text) => Write(name, writer => writer.Write(text));

    /// <summary>Renames every file into place and writes the manifest last; returns the final paths (manifest last).</summary>
    public IReadOnlyList<string> Commit(string command, string input, ulong seed)
    {
        var manifest = Path.Combine(folder, ManifestName);
        var entries = new JsonArray();
        foreach (var (final, temp) in files)
        {
            entries.Add(new JsonObject
            {
                ["name"] = Path.GetFileName(final),
                ["bytes"] = new FileInfo(temp).Length,
                ["sha256"] = Sha256(temp),
            });
        }

        var document = new JsonObject
        {
            ["tool"] = "margincall",
            ["version"] = Version,
            ["command"] = command,
            ["input"] = Path.GetFileName(input),
            ["inputSha256"] = Sha256(input),
            ["seed"] = seed,
            ["completedUtc"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["files"] = entries,
        };
        var manifestTemp = Path.Combine(folder, $".{ManifestName}.tmp-{Environment.ProcessId}");
        File.WriteAllText(manifestTemp, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        Step("prepare " + ManifestName);

        // The commit: invalidate, rename, validate.
        File.Delete(manifest);
        Step("remove " + ManifestName);
        foreach (var (final, temp) in files)
        {
            File.Move(temp, final, overwrite: true);
            Step("rename " + Path.GetFileName(final));
        }

        File.Move(manifestTemp, manifest, overwrite: true);
        Step("rename " + ManifestName);
        return [.. files.Select(f => f.Final), manifest];
    }

    /// <summary>Removes the temporary files of an abandoned set (an interrupted or failed run).</summary>
    public void Abandon()
    {
        foreach (var (_, temp) in files)
        {
            File.Delete(temp);
        }
    }

    /// <summary>The tool's version (the assembly's informational version).</summary>
    public static string Version =>
        typeof(AtomicOutputs).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    // Test seam of the kill-during-write test (tests/MarginCall.Cli.Tests/KillDuringWriteTests.cs): with
    // MARGINCALL_TEST_OUTPUT_PAUSE_MS set, every step above is announced on stderr ("outputs: rename summary.json") and
    // followed by that pause, so the test can SIGKILL the process between any two steps, the microsecond-long commit
    // included. Unset (normal use): no line, no pause.
    private static readonly int StepPauseMs =
        int.TryParse(Environment.GetEnvironmentVariable("MARGINCALL_TEST_OUTPUT_PAUSE_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0;

    private static void Step(string name)
    {
        if (StepPauseMs > 0)
        {
            Console.Error.WriteLine("outputs: " + name);
            Console.Error.Flush();
            Thread.Sleep(StepPauseMs);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
