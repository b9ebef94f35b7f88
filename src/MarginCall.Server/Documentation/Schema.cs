using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace MarginCall.Server.Documentation;

/// <summary>
/// Shorthand for the schemas of the bodies the routes write by hand; each route states its schema beside its writer.
/// Objects list every member they write, all required (a value that may be absent is written as null).
/// </summary>
internal static class Schema
{
    public static OpenApiSchema Long => new() { Type = JsonSchemaType.Integer, Format = "int64" };

    public static OpenApiSchema Int => new() { Type = JsonSchemaType.Integer, Format = "int32" };

    public static OpenApiSchema NullableLong => new() { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int64" };

    public static OpenApiSchema Bool => new() { Type = JsonSchemaType.Boolean };

    public static OpenApiSchema Text => new() { Type = JsonSchemaType.String };

    public static OpenApiSchema Names<TEnum>()
        where TEnum : struct, Enum => new() { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames<TEnum>().Select(n => (JsonNode)JsonValue.Create(n))] };

    public static OpenApiSchema ArrayOf(IOpenApiSchema items) => new() { Type = JsonSchemaType.Array, Items = items };

    public static OpenApiSchemaReference Ref(string id) => new(id);

    public static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] members) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = members.ToDictionary(m => m.Name, m => m.Schema, StringComparer.Ordinal),
        Required = new SortedSet<string>(members.Select(m => m.Name), StringComparer.Ordinal),
        AdditionalPropertiesAllowed = false,
    };

    /// <summary>One durable command's events: <c>{"sequence":n,"events":[…]}</c>.</summary>
    public static OpenApiSchema Batch => Object(("sequence", Long), ("events", ArrayOf(Ref(WireSchemas.Event))));
}
