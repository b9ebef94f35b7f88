using System.Text.Json;

namespace MarginCall.Cli.Tests;

/// <summary>Runs the <c>margincall</c> command in-process and captures its exit code and output.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Err)
{
    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>inspect</c> on <paramref name="json"/> written to a temporary file.</summary>
    public static CliRun InspectText(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"margincall-inspect-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            return Of("inspect", path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    /// <summary>
    /// Exit code 2, nothing on stdout, and exactly one line on stderr: <c>error: FILE:LINE:COLUMN: </c> followed by
    /// <paramref name="expected"/> (the field path and the problem), no control characters.
    /// </summary>
    public static void AssertRefusal(CliRun run, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        AssertOneLine(run.Err);
        Assert.Matches(@"^error: [^\n]+:\d+:\d+: ", run.Err);
        Assert.Contains(": " + expected, run.Err, StringComparison.Ordinal);
    }

    /// <summary>One line ending in a newline, no other control character.</summary>
    public static void AssertOneLine(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text[..^1], c => char.IsControl(c));
    }
}
