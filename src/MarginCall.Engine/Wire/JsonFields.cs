using System.Text.Json;

namespace MarginCall.Engine.Wire;

/// <summary>
/// The members of one JSON object, read strictly: a repeated member is refused when the object is opened, an unknown
/// one when the reader is done (<see cref="EnsureAllTaken"/>), a missing one when it is taken. Every failure is a
/// <see cref="WireFormatException"/> naming the field (JSON offsets are not tracked: -1).
/// </summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> members = new(StringComparer.Ordinal);
    private readonly string path;

    /// <summary>Opens <paramref name="element"/>, which must be an object without repeated members.</summary>
    public JsonFields(JsonElement element, string path)
    {
        this.path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new WireFormatException(path, -1, $"expected an object, not {element.ValueKind}");
        }

        foreach (var member in element.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value))
            {
                throw new WireFormatException($"{path}.{member.Name}", -1, "member appears twice");
            }
        }
    }

    /// <summary>Takes a required member.</summary>
    public JsonElement Take(string name) =>
        members.Remove(name, out var value) ? value : throw new WireFormatException($"{path}.{name}", -1, "member is missing");

    /// <summary>Throws if a member was not taken (unknown to this reader).</summary>
    public void EnsureAllTaken()
    {
        foreach (var name in members.Keys)
        {
            throw new WireFormatException($"{path}.{name}", -1, "unknown member");
        }
    }

    /// <summary>A 64-bit integer.</summary>
    public static long Int64(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : throw Bad(field, e, "a 64-bit integer");

    /// <summary>A 32-bit integer.</summary>
    public static int Int32(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw Bad(field, e, "a 32-bit integer");

    /// <summary>A 64-bit integer or null.</summary>
    public static long? OptionalInt64(JsonElement e, string field) => e.ValueKind == JsonValueKind.Null ? null : Int64(e, field);

    /// <summary>true or false.</summary>
    public static bool Boolean(JsonElement e, string field) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Bad(field, e, "true or false"),
    };

    /// <summary>A string.</summary>
    public static string String(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(field, e, "a string");

    /// <summary>A string or null.</summary>
    public static string? OptionalString(JsonElement e, string field) => e.ValueKind == JsonValueKind.Null ? null : String(e, field);

    /// <summary>Base64 bytes.</summary>
    public static byte[] Bytes(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.String && e.TryGetBytesFromBase64(out var bytes) ? bytes : throw Bad(field, e, "a base64 string");

    /// <summary>An enum by its exact member name (numbers refused, so a code is always spelled out).</summary>
    public static TEnum Enum<TEnum>(JsonElement e, string field)
        where TEnum : struct, Enum
    {
        var name = String(e, field);
        if (name.Length > 0 && char.IsLetter(name[0]) && System.Enum.TryParse<TEnum>(name, ignoreCase: false, out var value) && System.Enum.IsDefined(value))
        {
            return value;
        }

        throw new WireFormatException(field, -1, $"'{name}' is not a {typeof(TEnum).Name}");
    }

    /// <summary>The length of an array.</summary>
    public static int ArrayLength(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.Array ? e.GetArrayLength() : throw Bad(field, e, "an array");

    /// <summary>Writes a number, or null when absent.</summary>
    public static void WriteOptional(Utf8JsonWriter j, string name, long? value)
    {
        if (value is { } v)
        {
            j.WriteNumber(name, v);
        }
        else
        {
            j.WriteNull(name);
        }
    }

    private static WireFormatException Bad(string field, JsonElement e, string expected) =>
        new(field, -1, $"expected {expected}, not {e.ValueKind}");
}
