using System.Text.Encodings.Web;
using System.Text.Json;

namespace MarginCall.Simulation.Reporting;

/// <summary>The JSON settings of every report file: camelCase, indented, invariant, stable member order.</summary>
public static class ReportJson
{
    /// <summary>Serializer options for reports.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Serializes <paramref name="value"/> as report JSON (ending with a newline).</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";
}
