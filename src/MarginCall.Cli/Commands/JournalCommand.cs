using System.CommandLine;
using System.Text.Json;
using MarginCall.Storage;
using MarginCall.Storage.Journal;

namespace MarginCall.Cli.Commands;

/// <summary><c>margincall journal verify|inspect DIR</c>: check and list a file journal (format: docs/storage.md).</summary>
internal static class JournalCommand
{
    /// <summary>Exit code for a journal that fails verification or cannot be read.</summary>
    public const int Corrupt = 3;

    /// <summary>The command, for the root command to register.</summary>
    public static Command Create()
    {
        var command = new Command("journal", "Verify and read a journal directory (docs/storage.md)");
        command.Subcommands.Add(Sub("verify", "Verify checksums and sequence continuity; print a JSON summary", Verify));
        command.Subcommands.Add(Sub("inspect", "List the records as JSON lines (sequence, length, payload in base64)", Inspect));
        return command;
    }

    private static Command Sub(string name, string description, Func<string, TextWriter, int> run)
    {
        var dir = new Argument<string>("dir") { Description = "The journal directory (segments *.journal)" };
        var command = new Command(name, description) { dir };
        command.SetAction(parse => Guarded(parse.GetValue(dir)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, run));
        return command;
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
        catch (JournalCorruptException e)
        {
            error.WriteLine($"error: {e.Message}");
            return Corrupt;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: cannot read {dir}: {e.Message}");
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

    /// <summary>One JSON line per record.</summary>
    public static int Inspect(string dir, TextWriter output)
    {
        foreach (var record in JournalFiles.Read(dir))
            output.WriteLine(JsonSerializer.Serialize(new
            {
                sequence = record.Sequence,
                length = record.Payload.Length,
                payload = Convert.ToBase64String(record.Payload.Span),
            }));
        return 0;
    }
}
