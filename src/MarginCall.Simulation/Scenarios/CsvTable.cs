namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// A small RFC 4180 reader for the simulator's inputs (price histories, populations): a header row, comma-separated
/// fields, double-quoted fields with "" escapes, blank lines skipped. Each row keeps its 1-based line number so errors
/// can name it. Column names match case-insensitively, trimmed.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> columns;

    private CsvTable(string name, string[] header, List<(long Line, string[] Fields)> rows)
    {
        Name = name;
        Header = header;
        Rows = rows;
        columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            columns.TryAdd(header[i].Trim(), i);
        }
    }

    /// <summary>The label used in errors (usually the file path).</summary>
    public string Name { get; }

    /// <summary>Column names as written.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Data rows with their line numbers.</summary>
    public IReadOnlyList<(long Line, string[] Fields)> Rows { get; }

    /// <summary>Reads a file.</summary>
    /// <exception cref="ScenarioException">Empty file or an unterminated quote.</exception>
    public static CsvTable Load(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads CSV text.</summary>
    /// <exception cref="ScenarioException">Empty input or an unterminated quote.</exception>
    public static CsvTable Read(TextReader reader, string name)
    {
        var records = new List<(long Line, string[] Fields)>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        long line = 1, recordLine = 1;
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append((char)c);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            throw new ScenarioException(name, "\"", recordLine, null, "a quoted field is not closed");
        }

        EndRecord();
        if (records.Count == 0)
        {
            throw new ScenarioException(name, "header", 1, null, "the file is empty; expected a header row");
        }

        return new CsvTable(name, records[0].Fields, records.GetRange(1, records.Count - 1));

        void EndRecord()
        {
            if (any)
            {
                fields.Add(field.ToString());
                records.Add((recordLine, fields.ToArray()));
            }

            fields.Clear();
            field.Clear();
            any = false;
        }
    }

    /// <summary>Whether the header has <paramref name="column"/>.</summary>
    public bool Has(string column) => columns.ContainsKey(column);

    /// <summary>Index of a required column.</summary>
    /// <exception cref="ScenarioException">The column is missing; the message lists the header.</exception>
    public int Require(string column, string expected)
    {
        if (columns.TryGetValue(column, out var index))
        {
            return index;
        }

        throw new ScenarioException(Name, column, 1, null, $"missing column {SafeText.Quote(column)} (the header has: {SafeText.Escape(string.Join(", ", Header), 120)}; expected {SafeText.Escape(expected, 120)})");
    }

    /// <summary>A field of a row, trimmed (empty when the row is short).</summary>
    public static string Field(string[] row, int index) => index < row.Length ? row[index].Trim() : "";
}
