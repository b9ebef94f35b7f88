namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// Bad scenario input: names the file, the field (a JSON path such as <c>$.priceProcess.volatility</c> or a CSV column)
/// and, where known, the line (1-based) and column, so the message reads <c>file:line:column: field: problem</c>.
/// </summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScenarioException(string file, string field, long? line, long? column, string problem, Exception? inner = null)
        : base(Describe(file, field, line, column, problem), inner)
    {
        File = file;
        Field = field;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file the input came from.</summary>
    public string File { get; }

    /// <summary>JSON path of the offending field, or the CSV column name.</summary>
    public string Field { get; }

    /// <summary>1-based line, when known.</summary>
    public long? Line { get; }

    /// <summary>1-based column (bytes into the line for JSON), when known.</summary>
    public long? Column { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Describe(string file, string field, long? line, long? column, string problem)
    {
        var location = line is null ? file : column is null ? $"{file}:{line}" : $"{file}:{line}:{column}";
        return $"{location}: {field}: {problem}";
    }
}
