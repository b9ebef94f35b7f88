using System.Text;
using System.Text.Json;

namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// Finds the line and column of a JSON path (<c>$.markets[0].tiers[1].maintenanceRate</c>) in a document, so
/// validation errors found after deserialization can point at the text like the parser's own errors do. A path that
/// is absent (a missing field) resolves to its nearest present ancestor.
/// </summary>
public static class JsonLocator
{
    /// <summary>1-based (line, byte column) of <paramref name="path"/>, or of its nearest ancestor.</summary>
    public static (long Line, long Column) Locate(ReadOnlySpan<byte> json, string path)
    {
        var target = path;
        while (true)
        {
            var offset = Find(json, target);
            if (offset >= 0)
            {
                return LineAndColumn(json, offset);
            }

            var cut = Math.Max(target.LastIndexOf('.'), target.LastIndexOf('['));
            if (cut <= 0)
            {
                return (1, 1);
            }

            target = target[..cut];
        }
    }

    /// <summary>1-based (line, byte column) of exactly <paramref name="path"/>, or null when it is absent.</summary>
    public static (long Line, long Column)? TryLocate(ReadOnlySpan<byte> json, string path)
    {
        var offset = Find(json, path);
        return offset >= 0 ? LineAndColumn(json, offset) : null;
    }

    private static long Find(ReadOnlySpan<byte> json, string target)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string>();
        var arrayIndex = new Stack<int>();
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString();
                        if (Current(path, "." + pendingProperty) == target)
                        {
                            return reader.TokenStartIndex;
                        }

                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            arrayIndex.Pop();
                        }

                        if (path.Count > 0)
                        {
                            path.RemoveAt(path.Count - 1);
                        }

                        continue;
                }

                // A value (scalar or container start): name its path segment.
                string segment;
                if (pendingProperty is not null)
                {
                    segment = "." + pendingProperty;
                    pendingProperty = null;
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

                if (Current(path, segment) == target)
                {
                    return reader.TokenStartIndex;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    path.Add(segment);
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        arrayIndex.Push(0);
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON (or text that is not UTF-8) is reported by the parser itself; here it only means "not found".
        }

        return -1;
    }

    private static string Current(List<string> path, string segment)
    {
        var builder = new StringBuilder("$");
        foreach (var part in path)
        {
            builder.Append(part);
        }

        return builder.Append(segment).ToString();
    }

    private static (long Line, long Column) LineAndColumn(ReadOnlySpan<byte> json, long offset)
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

        return (line, offset - lineStart + 1);
    }
}
