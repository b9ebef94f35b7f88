using System.Text;
using System.Text.Json;

namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// The checks System.Text.Json does not make, run over the raw text before any deserialization: a property named twice
/// in one object (the deserializer would keep the last one silently), a number that is not a finite double (1e400
/// overflows to infinity), and — where the schema has no use for it — JSON <c>null</c> (an absent field already means
/// its default, so a null can only be a mistake, and it reached the validators as a null object). Named literals
/// ("NaN", "Infinity") are refused by the deserializer itself, which no longer allows them.
/// </summary>
public static class StrictJson
{
    /// <summary>One problem: the JSON path, its 1-based line and byte column, and what is wrong.</summary>
    public readonly record struct Problem(string Path, long Line, long Column, string Message);

    /// <summary>The first problem of <paramref name="json"/>, or null when none (syntax errors included).</summary>
    /// <param name="json">The text.</param>
    /// <param name="options">Comments and trailing commas, as the deserializer will read it.</param>
    /// <param name="refuseNull">Whether JSON null is refused.</param>
    /// <param name="allowNullAt">Paths where null stays allowed even so (a sweep's overrides: null removes a field).</param>
    public static Problem? Check(ReadOnlySpan<byte> json, JsonReaderOptions options, bool refuseNull, Func<string, bool>? allowNullAt = null)
    {
        var reader = new Utf8JsonReader(json, options);
        var path = new List<string>();
        var names = new Stack<HashSet<string>?>();
        var arrayIndex = new Stack<int>();
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pending = reader.GetString()!;
                        if (names.Peek() is { } seen && !seen.Add(pending))
                        {
                            return At(json, reader.TokenStartIndex, Join(path, "." + pending), "duplicate key (each field may appear once)");
                        }

                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        names.Pop();
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            arrayIndex.Pop();
                        }

                        path.RemoveAt(path.Count - 1);
                        continue;
                    case JsonTokenType.Comment:
                        continue;
                }

                string segment;
                if (pending is not null)
                {
                    segment = "." + pending;
                    pending = null;
                }
                else if (arrayIndex.Count > 0 && path.Count > 0)
                {
                    var index = arrayIndex.Pop();
                    arrayIndex.Push(index + 1);
                    segment = $"[{index}]";
                }
                else
                {
                    segment = "";
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.Add(segment);
                        names.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        path.Add(segment);
                        names.Push(null);
                        arrayIndex.Push(0);
                        break;
                    case JsonTokenType.Number when !(reader.TryGetDouble(out var number) && double.IsFinite(number)):
                        return At(json, reader.TokenStartIndex, Join(path, segment), $"{SafeText.Quote(Encoding.UTF8.GetString(reader.ValueSpan))} is not a finite number");
                    case JsonTokenType.Null when refuseNull && !(allowNullAt?.Invoke(Join(path, segment)) ?? false):
                        return At(json, reader.TokenStartIndex, Join(path, segment), "null is not allowed here (leave the field out for its default)");
                }
            }
        }
        catch (InvalidOperationException)
        {
            // A property name that is not valid UTF-8 cannot be read back as text.
            return At(json, reader.TokenStartIndex, Join(path, ""), "malformed JSON: text that is not valid UTF-8");
        }
        catch (JsonException e)
        {
            // LineNumber and BytePositionInLine are 0-based.
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return new Problem(Join(path, ""), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, "malformed JSON: " + (cut > 0 ? message[..cut].TrimEnd(' ', '|') : message));
        }

        return null;
    }

    private static string Join(List<string> path, string segment)
    {
        var builder = new StringBuilder("$");
        foreach (var part in path)
        {
            builder.Append(part);
        }

        return builder.Append(segment).ToString();
    }

    private static Problem At(ReadOnlySpan<byte> json, long offset, string path, string message)
    {
        long line = 1, lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new Problem(path, line, offset - lineStart + 1, message);
    }
}
