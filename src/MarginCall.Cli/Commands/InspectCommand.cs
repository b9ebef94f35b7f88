using System.CommandLine;
using MarginCall.Cli.Inspect;

namespace MarginCall.Cli.Commands;

/// <summary><c>margincall inspect FILE.json</c>: every margin figure of every account in a venue snapshot.</summary>
internal static class InspectCommand
{
    /// <summary>Exit code for input the command refuses (bad JSON, unknown symbols, off-grid sizes or prices…).</summary>
    public const int BadInput = 2;

    /// <summary>The command, for the root command to register.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Venue snapshot JSON (schema: docs/inspect.md)" };
        var command = new Command("inspect", "Print every margin figure of every account in FILE.json as JSON") { file };
        command.SetAction(parse => Execute(
            parse.GetValue(file)!,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>
    /// Runs the command: the report on <paramref name="output"/> and exit code 0, or a message naming the field path on
    /// <paramref name="error"/>, nothing on <paramref name="output"/>, and exit code <see cref="BadInput"/>.
    /// </summary>
    public static int Execute(string path, TextWriter output, TextWriter error)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: cannot read {path}: {e.Message}");
            return BadInput;
        }

        return ExecuteText(json, output, error);
    }

    /// <summary>As <see cref="Execute"/>, on JSON text already in memory.</summary>
    public static int ExecuteText(string json, TextWriter output, TextWriter error)
    {
        string report;
        try
        {
            report = InspectReport.Write(InspectDocument.Parse(json));
        }
        catch (InspectInputException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }

        output.WriteLine(report);
        return 0;
    }
}
