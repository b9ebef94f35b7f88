using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// Reads and validates scenario files. Syntax and type errors come from System.Text.Json with its line and byte
/// position; unknown fields are refused (a typo is an error, not a silently ignored setting); semantic errors
/// (a negative volatility, an unknown market) are located in the text by their JSON path. Every failure is a
/// <see cref="ScenarioException"/> naming file, field and line.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>The serializer options of scenario and sweep files.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The reader options matching <see cref="Options"/> (comments and trailing commas allowed).</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Refuses what the deserializer would accept silently (<see cref="StrictJson"/>: duplicate keys, numbers beyond
    /// a double, JSON null).
    /// </summary>
    /// <exception cref="ScenarioException">The first such problem.</exception>
    public static void CheckStrict(ReadOnlySpan<byte> json, string name, Func<string, bool>? allowNullAt = null)
    {
        if (StrictJson.Check(json, ReaderOptions, refuseNull: true, allowNullAt) is { } p)
        {
            throw new ScenarioException(name, p.Path, p.Line, p.Column, p.Message);
        }
    }

    /// <summary>The bytes of <paramref name="path"/>; a missing or unreadable file is a <see cref="ScenarioException"/>.</summary>
    public static byte[] ReadFile(string path, string field = "$")
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException(path, field, null, null, "cannot read the file: " + SafeText.Escape(e.Message, 200), e);
        }
    }

    /// <summary>Loads <paramref name="path"/>; relative files inside resolve against its folder.</summary>
    /// <exception cref="ScenarioException">The file is malformed or invalid.</exception>
    public static LoadedScenario Load(string path)
    {
        var bytes = ReadFile(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return new LoadedScenario(Parse(bytes, path), folder, path);
    }

    /// <summary>Parses and validates scenario JSON; <paramref name="name"/> labels errors.</summary>
    /// <exception cref="ScenarioException">The text is malformed or invalid.</exception>
    public static Scenario Parse(ReadOnlySpan<byte> json, string name)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(json, Options);
        }
        catch (JsonException e)
        {
            // LineNumber and BytePositionInLine are 0-based.
            throw new ScenarioException(name, e.Path ?? "$", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, Clean(e.Message), e);
        }

        // After the deserializer (whose syntax and type errors point at the first offending token), before the
        // validators (which must not meet a null object).
        CheckStrict(json, name);
        if (scenario is null)
        {
            throw new ScenarioException(name, "$", 1, 1, "the document is null; expected a scenario object");
        }

        var problem = ScenarioValidator.FirstProblem(scenario);
        if (problem is { } p)
        {
            var (line, column) = JsonLocator.Locate(json, p.Path);
            throw new ScenarioException(name, p.Path, line, column, p.Message);
        }

        return scenario with { EngineSettings = ReadEngine(json, scenario, name) };
    }

    private static EngineSettings ReadEngine(ReadOnlySpan<byte> json, Scenario scenario, string name)
    {
        if (scenario.Engine is not { } engine || engine.ValueKind == JsonValueKind.Null)
        {
            return new EngineSettings();
        }

        EngineSettings? settings;
        try
        {
            settings = engine.Deserialize<EngineSettings>(EngineSettings.SerializerOptions(scenario.Quote.Decimals));
        }
        catch (JsonException e)
        {
            var path = "$.engine" + (e.Path ?? "$")[1..];
            var (line, column) = JsonLocator.Locate(json, path);
            throw new ScenarioException(name, path, line, column, Clean(e.Message), e);
        }

        settings ??= new EngineSettings();
        var problem = settings.Thresholds?.Validate() is { } t ? ("$.engine.thresholds", t)
            : settings.Parameters?.Validate() is { } p ? ("$.engine.parameters", p)
            : ((string, string)?)null;
        if (problem is { } found)
        {
            // The engine's message starts with the offending property's PascalCase name: point at that field.
            var field = found.Item2.Split(' ')[0];
            var path = $"{found.Item1}.{JsonNamingPolicy.CamelCase.ConvertName(field)}";
            var (line, column) = JsonLocator.Locate(json, path);
            throw new ScenarioException(name, path, line, column, found.Item2);
        }

        return settings;
    }

    /// <summary>
    /// Applies <paramref name="overrides"/> (a JSON object) onto the scenario text by deep merge — objects merge member by
    /// member, null removes the member (JSON merge patch, RFC 7386), anything else replaces — and parses the result. This is how a sweep's parameter set changes a scenario.
    /// </summary>
    /// <exception cref="ScenarioException">The merged scenario is invalid.</exception>
    public static Scenario ParseWithOverrides(ReadOnlySpan<byte> json, JsonObject? overrides, string name)
    {
        if (overrides is null || overrides.Count == 0)
        {
            return Parse(json, name);
        }

        var documentOptions = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: documentOptions);
        }
        catch (JsonException e)
        {
            throw new ScenarioException(name, e.Path ?? "$", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, Clean(e.Message), e);
        }

        if (root is not JsonObject target)
        {
            throw new ScenarioException(name, "$", 1, 1, "expected a scenario object");
        }

        Merge(target, overrides);
        var merged = JsonSerializer.SerializeToUtf8Bytes(target, new JsonSerializerOptions { WriteIndented = true });
        return Parse(merged, name + " (with overrides)");
    }

    private static void Merge(JsonObject target, JsonObject overrides)
    {
        foreach (var (key, value) in overrides)
        {
            if (value is null)
            {
                target.Remove(key); // JSON merge patch (RFC 7386): null removes the field, which then takes its default
            }
            else if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …" to its messages; the exception already
    // says where. The rest may quote input: escaped and cut.
    private static readonly (string Type, string Plain)[] TypeNames =
    [
        ("System.Nullable`1[System.Double]", "a number"),
        ("System.Nullable`1[System.Int32]", "a whole number (32-bit)"),
        ("System.Double", "a number"),
        ("System.Int32", "a whole number (32-bit)"),
        ("System.Int64", "a whole number (64-bit)"),
        ("System.UInt64", "a whole number from 0 to 18446744073709551615"),
        ("System.Boolean", "true or false"),
        ("System.String", "a string"),
        ("System.Text.Json.Nodes.JsonObject", "an object"),
        ("System.Collections.Generic.IReadOnlyList`1[System.Collections.Generic.IReadOnlyList`1[System.Double]]", "an array of arrays of numbers"),
        ("System.Collections.Generic.IReadOnlyList`1[System.Double]", "an array of numbers"),
    ];

    internal static string Clean(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        foreach (var (type, plain) in TypeNames)
        {
            text = text.Replace(type, plain, StringComparison.Ordinal);
        }

        // Whatever CLR type is left: a collection is an array, a record of the schema an object.
        text = System.Text.RegularExpressions.Regex.Replace(text, @"System\.Collections\.Generic\.[A-Za-z`0-9\[\].,]+", "an array");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"MarginCall\.[A-Za-z0-9.`\[\]]+", "an object");
        return SafeText.Escape(text.Replace("The JSON value could not be converted to ", "expected ", StringComparison.Ordinal), 200);
    }
}

/// <summary>A parsed scenario and where it came from.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Folder">Folder that relative paths in it resolve against.</param>
/// <param name="FileName">The file it was read from.</param>
public sealed record LoadedScenario(Scenario Scenario, string Folder, string FileName)
{
    /// <summary>A path from the scenario resolved against its folder.</summary>
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(Folder, path);
}
