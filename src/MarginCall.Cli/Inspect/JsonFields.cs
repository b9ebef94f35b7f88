using System.Text.Json;
using MarginCall.Core.Numbers;

namespace MarginCall.Cli.Inspect;

/// <summary>
/// Typed reads from a <see cref="JsonElement"/> that name the field path in every refusal. Numbers that are money,
/// prices or rates are decimal strings parsed exactly with <see cref="DecimalText"/>; no binary floating point.
/// </summary>
internal static class JsonFields
{
    /// <summary>Refuses any property of <paramref name="obj"/> not in <paramref name="allowed"/> (catches typos).</summary>
    public static void OnlyKnown(JsonElement obj, string path, params string[] allowed)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (System.Array.IndexOf(allowed, property.Name) < 0)
            {
                throw new InspectInputException($"{path}.{property.Name}", $"unknown field (expected one of: {string.Join(", ", allowed)})");
            }
        }
    }

    public static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new InspectInputException(path, $"must be an object, got {Describe(element)}");

    public static JsonElement Array(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element : throw new InspectInputException(path, $"must be an array, got {Describe(element)}");

    public static JsonElement Required(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new InspectInputException($"{path}.{name}", "missing required field");

    public static bool TryOptional(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static string String(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new InspectInputException(path, $"must be a string, got {Describe(element)}");
        }

        var text = element.GetString()!;
        return text.Length > 0 ? text : throw new InspectInputException(path, "must not be empty");
    }

    public static int Int(JsonElement element, string path, int min, int max) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= min && value <= max
            ? value
            : throw new InspectInputException(path, $"must be an integer in {min}..{max}, got {Describe(element)}");

    public static long Long(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value)
            ? value
            : throw new InspectInputException(path, $"must be an integer, got {Describe(element)}");

    public static bool Bool(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new InspectInputException(path, $"must be true or false, got {Describe(element)}"),
    };

    /// <summary>
    /// A decimal string as an integer count of 10^−decimals units. <paramref name="unitName"/> and
    /// <paramref name="unit"/> name the grid for the refusal message when the text has more precision than the grid.
    /// </summary>
    public static long Decimal(JsonElement element, string path, int decimals, string unitName, long unit = 1)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new InspectInputException(path, $"must be a decimal string such as \"12.5\", got {Describe(element)}");
        }

        var text = element.GetString()!;
        if (!IsDecimalSyntax(text))
        {
            throw new InspectInputException(path, $"'{text}' is not a decimal number");
        }

        if (!DecimalText.TryParse(text, decimals, out var value))
        {
            // Well-formed: either beyond 64 bits or finer than the grid.
            throw SignificantFractionDigits(text) > decimals
                ? new InspectInputException(path, $"{text} is not a multiple of the {unitName} {Grid(unit, decimals)}")
                : new InspectInputException(path, $"{text} is out of range (64-bit)");
        }

        if (value % unit != 0)
        {
            throw new InspectInputException(path, $"{text} is not a multiple of the {unitName} {Grid(unit, decimals)}");
        }

        return value;
    }

    /// <summary>A decimal string that must be strictly positive.</summary>
    public static long PositiveDecimal(JsonElement element, string path, int decimals, string unitName, long unit = 1)
    {
        var value = Decimal(element, path, decimals, unitName, unit);
        return value > 0 ? value : throw new InspectInputException(path, $"must be positive, got {element.GetString()}");
    }

    private static bool IsDecimalSyntax(string text)
    {
        var span = text.AsSpan();
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            span = span[1..];
        }

        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : span[(dot + 1)..];
        return !whole.IsEmpty && (dot < 0 || !fraction.IsEmpty) && AllDigits(whole) && AllDigits(fraction);
    }

    /// <summary>The grid step as short decimal text ("0.001", not "0.0010").</summary>
    private static string Grid(long unit, int decimals)
    {
        var text = DecimalText.Format(unit, decimals);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    private static int SignificantFractionDigits(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : text.AsSpan(dot + 1).TrimEnd('0').Length;
    }

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}
