using System.CommandLine;
using System.Text.Json;
using MarginCall.Simulation.Scenarios;
using MarginCall.Storage;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall journal verify|inspect|replay|explain DIR</c>: check, list, replay and explain an engine log in a file
/// journal (formats: docs/storage.md). Read-only: no lock is taken, nothing is truncated. Exit codes: 0, 2 refused
/// input (one line naming the option), 3 a journal that does not verify or does not decode.
/// </summary>
internal static class JournalCommand
{
    /// <summary>Exit code for a journal that fails verification or cannot be read.</summary>
    public const int Corrupt = 3;

    /// <summary>The command, for the root command to register.</summary>
    public static Command Create()
    {
        var command = new Command("journal", "Verify, list, replay and explain a journal directory (docs/storage.md)");
        command.Subcommands.Add(Simple("verify", "Verify checksums and sequence continuity; print a JSON summary", Verify));
        command.Subcommands.Add(Simple("inspect", "List the records as JSON lines: the genesis, then each command in the engine's JSON form", JournalReadout.Inspect));
        command.Subcommands.Add(Replay());
        command.Subcommands.Add(Explain());
        command.Subcommands.Add(JournalBenchCommand.Create());
        return command;
    }

    private static Argument<string> DirArgument() => new("dir") { Description = "The journal directory (segments *.journal)" };

    private static Command Simple(string name, string description, Func<string, TextWriter, int> run)
    {
        var dir = DirArgument();
        var command = new Command(name, description) { dir };
        command.SetAction(parse => Guarded(parse.GetValue(dir)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, run));
        return command;
    }

    private static Option<string?> SnapshotsOption(string description) => new("--snapshots") { Description = description };

    private static Command Replay()
    {
        var dir = DirArgument();
        var snapshots = SnapshotsOption("Start from the latest valid snapshot in this directory (*.snapshot) instead of the genesis");
        var command = new Command("replay", "Replay the log to its last record; print the state hash as JSON") { dir, snapshots };
        command.SetAction(parse => Guarded(parse.GetValue(dir)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            (d, output) => JournalReadout.Replay(d, LoadSnapshot(parse.GetValue(snapshots)), output)));
        return command;
    }

    private static Command Explain()
    {
        var dir = DirArgument();
        var sequence = new Option<long?>("--sequence") { Description = "The command (journal sequence) whose liquidation to explain" };
        var account = new Option<long?>("--account") { Description = "Explain the last command that liquidated this account" };
        var command = new Command("explain", "Replay the log and print one liquidation: its command and every event with every figure, as JSON") { dir, sequence, account };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var (bySequence, byAccount) = (parse.GetValue(sequence), parse.GetValue(account));
            if (bySequence.HasValue == byAccount.HasValue)
                return Refuse(error, "--sequence, --account", "give exactly one");
            if (bySequence is < 1)
                return Refuse(error, "--sequence", $"{bySequence} is not a command (commands are numbered from 1; 0 is the genesis)");
            return Guarded(parse.GetValue(dir)!, parse.InvocationConfiguration.Output, error,
                (d, output) => JournalReadout.Explain(d, bySequence, byAccount, output, error));
        });
        return command;
    }

    /// <summary>Refused input: exit 2 and one line naming the option.</summary>
    public static int Refuse(TextWriter error, string option, string problem)
    {
        error.WriteLine($"error: {option}: {problem}");
        return ExitCodes.RefusedInput;
    }

    private static Snapshot? LoadSnapshot(string? directory)
    {
        if (directory is null) return null;
        if (!Directory.Exists(directory)) throw new RefusedOptionException("--snapshots", $"no directory {directory}");
        var load = new FileSnapshotStore(directory).LoadLatestAsync().GetAwaiter().GetResult();
        if (load.Rejected.Count > 0 && load.Latest is null)
            throw new SnapshotException($"no valid snapshot in {directory}: {string.Join("; ", load.Rejected.Select(r => $"{r.Name}: {r.Reason}"))}");
        return load.Latest ?? throw new RefusedOptionException("--snapshots", $"no snapshot in {directory}");
    }

    private static int Guarded(string dir, TextWriter output, TextWriter error, Func<string, TextWriter, int> run)
    {
        if (!Directory.Exists(dir))
        {
            error.WriteLine($"error: no journal directory {dir}");
            return Corrupt;
        }
        try
        {
            return run(dir, output);
        }
        catch (RefusedOptionException e)
        {
            return Refuse(error, e.Option, e.Message);
        }
        catch (StorageException e)
        {
            // Corrupt frames, records that do not decode, snapshots that do not load: named by segment, sequence, field.
            error.WriteLine($"error: {SafeText.Line(e.Message, 400)}");
            return Corrupt;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: cannot read {dir}: {SafeText.Line(e.Message, 300)}");
            return Corrupt;
        }
    }

    /// <summary>Prints segments, records, the next sequence and any torn tail (which opening the journal would cut).</summary>
    public static int Verify(string dir, TextWriter output)
    {
        var report = JournalFiles.Verify(dir);
        output.WriteLine(JsonSerializer.Serialize(new
        {
            segments = report.Segments,
            records = report.Records,
            nextSequence = report.NextSequence,
            tornTailBytes = report.TornBytesTruncated,
        }));
        return 0;
    }
}

/// <summary>An option value that the journal shows to be wrong (a sequence past the end, an account never liquidated).</summary>
internal sealed class RefusedOptionException(string option, string message) : Exception(message)
{
    /// <summary>The option, e.g. <c>--sequence</c>.</summary>
    public string Option { get; } = option;
}
