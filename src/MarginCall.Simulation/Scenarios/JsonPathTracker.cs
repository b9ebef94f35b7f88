using System.Text;

namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// The JSON path (<c>$.markets[0].tiers[1]</c>) of the token a <see cref="System.Text.Json.Utf8JsonReader"/> stands on,
/// kept up to date token by token; shared by <see cref="StrictJson"/> (which names the path of a problem) and
/// <see cref="JsonLocator"/> (which finds a path's position).
/// </summary>
internal sealed class JsonPathTracker
{
    private readonly List<string> path = [];
    private readonly Stack<int> arrayIndex = new();
    private string? pendingProperty;

    /// <summary>A property name was read: the next value is that property.</summary>
    public void Property(string name) => pendingProperty = name;

    /// <summary>The segment of the value token just read: <c>.name</c>, <c>[index]</c>, or empty at the root.</summary>
    public string NextValueSegment()
    {
        if (pendingProperty is not null)
        {
            var segment = "." + pendingProperty;
            pendingProperty = null;
            return segment;
        }

        if (arrayIndex.Count > 0 && path.Count > 0)
        {
            var index = arrayIndex.Pop();
            arrayIndex.Push(index + 1);
            return $"[{index}]";
        }

        return "";
    }

    /// <summary>An object or array starts at <paramref name="segment"/>.</summary>
    public void Enter(string segment, bool array)
    {
        path.Add(segment);
        if (array)
        {
            arrayIndex.Push(0);
        }
    }

    /// <summary>An object or array ends.</summary>
    public void Leave(bool array)
    {
        if (array)
        {
            arrayIndex.Pop();
        }

        if (path.Count > 0)
        {
            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>The full path of <paramref name="segment"/> under the current container.</summary>
    public string PathOf(string segment)
    {
        var builder = new StringBuilder("$");
        foreach (var part in path)
        {
            builder.Append(part);
        }

        return builder.Append(segment).ToString();
    }

    /// <summary>1-based (line, byte column) of a byte offset.</summary>
    public static (long Line, long Column) LineAndColumn(ReadOnlySpan<byte> json, long offset)
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
