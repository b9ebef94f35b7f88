using System.CommandLine;
using MarginCall.Cli.Inspect;
using MarginCall.Cli.Terminal;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Commands;

/// <summary><c>margincall inspect FILE.json [-o FILE]</c>: every margin figure of every account in a venue snapshot.</summary>
internal static class InspectCommand
{
    /// <summary>Exit code for input the command refuses (bad JSON, unknown symbols, off-grid sizes or prices…).</summary>
    public const int BadInput = ExitCodes.RefusedInput;

    /// <summary>The command, for the root command to register.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "Venue snapshot JSON (schema: docs/inspect.md)" };
        var output = new Option<string>("--output", "-o") { Description = "Write the report to this file instead of stdout ('-': stdout)", HelpName = "path", DefaultValueFactory = _ => "-" };
        var command = new Command("inspect", "Print every margin figure of every account in FILE.json as JSON") { file, output };
        command.SetAction(parse =>
        {
            var c = context() with { Output = parse.InvocationConfiguration.Output, Error = parse.InvocationConfiguration.Error };
            return Execute(parse.GetValue(file)!, parse.GetValue(output)!, c.Output, c.Error);
        });
        return command;
    }

    /// <summary>
    /// Runs the command: the report on <paramref name="output"/> (or in <paramref name="outputFile"/>) and exit code 0,
    /// or one line naming file, line and field on <paramref name="error"/>, nothing on <paramref name="output"/>, and
    /// exit code <see cref="BadInput"/>.
    /// </summary>
    public static int Execute(string path, string outputFile, TextWriter output, TextWriter error)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: {SafeText.Escape(path, 120)}: cannot read: {SafeText.Escape(e.Message, 200)}");
            return BadInput;
        }

        if (Check(bytes, path, error) is not { } report)
        {
            return BadInput;
        }

        if (outputFile == "-")
        {
            output.WriteLine(report);
            return ExitCodes.Ok;
        }

        try
        {
            var full = Path.GetFullPath(outputFile);
            var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}");
            File.WriteAllText(temp, report + "\n");
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: -o/--output {SafeText.Quote(outputFile)} is not writable: {SafeText.Escape(e.Message, 160)}");
            return BadInput;
        }

        return ExitCodes.Ok;
    }

    /// <summary>As <see cref="Execute"/>, on JSON text already in memory (errors name no file).</summary>
    public static int ExecuteText(string json, TextWriter output, TextWriter error)
    {
        try
        {
            output.WriteLine(Report(System.Text.Encoding.UTF8.GetBytes(json)));
            return ExitCodes.Ok;
        }
        catch (InspectInputException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
    }

    /// <summary>
    /// The report of <paramref name="bytes"/>, or null after one refusal line on <paramref name="error"/> naming
    /// <paramref name="name"/>, line, column and field (the validation entry point of the CLI and the fuzz tests).
    /// </summary>
    public static string? Check(byte[] bytes, string name, TextWriter error)
    {
        try
        {
            return Report(bytes);
        }
        catch (InspectInputException e)
        {
            var (line, column) = JsonLocator.Locate(bytes, e.Path == "$" ? "$" : "$." + e.Path);
            error.WriteLine($"error: {SafeText.Escape(name, 120)}:{line}:{column}: {e.Message}");
            return null;
        }
    }

    /// <summary>The report of a snapshot, or the refusal (the validation entry point of the fuzz tests).</summary>
    /// <exception cref="InspectInputException">The input is refused.</exception>
    public static string Report(byte[] json)
    {
        string text;
        try
        {
            var start = json.Length >= 3 && json[0] == 0xEF && json[1] == 0xBB && json[2] == 0xBF ? 3 : 0; // a byte-order mark
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(json, start, json.Length - start);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new InspectInputException("$", "the file is not valid UTF-8 text");
        }

        return InspectReport.Write(InspectDocument.Parse(text));
    }
}
