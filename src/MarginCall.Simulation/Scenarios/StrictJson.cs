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
        var path = new JsonPathTracker();
        var names = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        path.Property(name);
                        if (names.Peek() is { } seen && !seen.Add(name))
                        {
                            return At(json, reader.TokenStartIndex, path.PathOf("." + name), "duplicate key (each field may appear once)");
                        }

                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        names.Pop();
                        path.Leave(reader.TokenType == JsonTokenType.EndArray);
                        continue;
                    case JsonTokenType.Comment:
                        continue;
                }

                var segment = path.NextValueSegment();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.Enter(segment, array: false);
                        names.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        path.Enter(segment, array: true);
                        names.Push(null);
                        break;
                    case JsonTokenType.Number when !(reader.TryGetDouble(out var number) && double.IsFinite(number)):
                        return At(json, reader.TokenStartIndex, path.PathOf(segment), $"{SafeText.Quote(Encoding.UTF8.GetString(reader.ValueSpan))} is not a finite number");
                    case JsonTokenType.Null when refuseNull && !(allowNullAt?.Invoke(path.PathOf(segment)) ?? false):
                        return At(json, reader.TokenStartIndex, path.PathOf(segment), "null is not allowed here (leave the field out for its default)");
                }
            }
        }
        catch (InvalidOperationException)
        {
            // A property name that is not valid UTF-8 cannot be read back as text.
            return At(json, reader.TokenStartIndex, path.PathOf(""), "malformed JSON: text that is not valid UTF-8");
        }
        catch (JsonException e)
        {
            // LineNumber and BytePositionInLine are 0-based.
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return new Problem(path.PathOf(""), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, "malformed JSON: " + (cut > 0 ? message[..cut].TrimEnd(' ', '|') : message));
        }

        return null;
    }

    private static Problem At(ReadOnlySpan<byte> json, long offset, string path, string message)
    {
        var (line, column) = JsonPathTracker.LineAndColumn(json, offset);
        return new Problem(path, line, column, message);
    }
}
