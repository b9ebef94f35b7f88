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
                return JsonPathTracker.LineAndColumn(json, offset);
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
        return offset >= 0 ? JsonPathTracker.LineAndColumn(json, offset) : null;
    }

    private static long Find(ReadOnlySpan<byte> json, string target)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        path.Property(name);
                        if (path.PathOf("." + name) == target)
                        {
                            return reader.TokenStartIndex;
                        }

                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Leave(reader.TokenType == JsonTokenType.EndArray);
                        continue;
                }

                // A value (scalar or container start): name its path segment.
                var segment = path.NextValueSegment();
                if (path.PathOf(segment) == target)
                {
                    return reader.TokenStartIndex;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    path.Enter(segment, reader.TokenType == JsonTokenType.StartArray);
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON (or text that is not UTF-8) is reported by the parser itself; here it only means "not found".
        }

        return -1;
    }
}
