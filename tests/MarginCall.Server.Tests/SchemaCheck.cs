using System.Text.Json;

namespace MarginCall.Server.Tests;

/// <summary>
/// Checks JSON against the OpenAPI document's schemas — the subset the document uses: <c>$ref</c> to a component,
/// <c>oneOf</c> (exactly one must admit), <c>type</c> (one or a list, with <c>null</c>), <c>enum</c>, <c>properties</c>
/// with <c>required</c> and <c>additionalProperties: false</c>, <c>items</c>, <c>minItems</c>/<c>maxItems</c>.
/// </summary>
internal sealed class SchemaCheck(JsonElement document)
{
    private readonly JsonElement components = document.GetProperty("components").GetProperty("schemas");

    public static JsonElement Ref(string id) => JsonDocument.Parse($$"""{"$ref":"#/components/schemas/{{id}}"}""").RootElement.Clone();

    public void Assert(JsonElement schema, JsonElement value, string what)
    {
        var problem = Problem(schema, value, "$");
        Xunit.Assert.True(problem is null, $"{what}: {problem}");
    }

    public bool Admits(JsonElement schema, JsonElement value) => Problem(schema, value, "$") is null;

    private string? Problem(JsonElement schema, JsonElement value, string at)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return Problem(components.GetProperty(reference.GetString()!["#/components/schemas/".Length..]), value, at);
        if (schema.TryGetProperty("oneOf", out var choices))
        {
            var problems = choices.EnumerateArray().Select(c => Problem(c, value, at)).ToList();
            var admitted = problems.Count(p => p is null);
            if (admitted != 1) return $"{at}: {admitted} of the oneOf choices admit it ({string.Join("; ", problems.Where(p => p is not null).Take(3))})";
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Contains(Kind(value))) return $"{at}: a {Kind(value)}, not {string.Join("|", types)}";
        }

        if (schema.TryGetProperty("enum", out var names) && !names.EnumerateArray().Any(n => n.ValueKind == value.ValueKind && n.GetRawText() == value.GetRawText()))
            return $"{at}: {value.GetRawText()} is not in the enum";
        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!) : [])
            {
                if (!value.TryGetProperty(required, out _)) return $"{at}: no member {required}";
            }

            foreach (var member in value.EnumerateObject())
            {
                if (properties.TryGetProperty(member.Name, out var inner))
                {
                    if (Problem(inner, member.Value, $"{at}.{member.Name}") is { } problem) return problem;
                }
                else if (schema.TryGetProperty("additionalProperties", out var more) && more.ValueKind == JsonValueKind.False)
                {
                    return $"{at}: member {member.Name} is not in the schema";
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var count = value.GetArrayLength();
            if (schema.TryGetProperty("minItems", out var min) && count < min.GetInt32()) return $"{at}: {count} items";
            if (schema.TryGetProperty("maxItems", out var max) && count > max.GetInt32()) return $"{at}: {count} items";
            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Problem(items, item, $"{at}[{i++}]") is { } problem) return problem;
                }
            }
        }

        return null;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
