using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;

namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// The scenario's <c>engine</c> object, passed through to the engine's own types: <c>thresholds</c> is a
/// <see cref="RiskThresholds"/>, <c>parameters</c> a <see cref="LiquidationParameters"/> (every market starts with it),
/// <c>executionCost</c> the keeper cost feed, <c>useFullScan</c> the reference detector. Field names are the engine's
/// property names in camelCase, so a new engine parameter is usable here without a simulator change. Units as a person
/// writes them: a <see cref="Ppm"/> field takes a ratio (0.25, 1.1), a <see cref="Quantums"/> field whole quote units
/// (5000000 = 5,000,000 USD); both convert exactly from the decimal text, never through binary floating point.
/// </summary>
public sealed record EngineSettings
{
    /// <summary>State thresholds (engine default when absent).</summary>
    public RiskThresholds? Thresholds { get; init; }

    /// <summary>Liquidation parameters of every market (engine default when absent).</summary>
    public LiquidationParameters? Parameters { get; init; }

    /// <summary>Execution cost of one liquidation, quote units (sent as a SetExecutionCost command at setup).</summary>
    public Quantums? ExecutionCost { get; init; }

    /// <summary>Use the reference full scan instead of the candidate index.</summary>
    public bool UseFullScan { get; init; }

    /// <summary>The engine options these settings describe.</summary>
    public EngineOptions ToOptions() => new()
    {
        Thresholds = Thresholds ?? RiskThresholds.Default,
        DefaultParameters = Parameters ?? LiquidationParameters.Default,
        UseFullScan = UseFullScan,
    };

    /// <summary>Serializer options for the engine object, for a quote asset with <paramref name="quoteDecimals"/> decimals.</summary>
    public static JsonSerializerOptions SerializerOptions(int quoteDecimals) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new PpmConverter(), new QuantumsConverter(quoteDecimals) },
    };

    /// <summary>Reads a ratio such as 0.25 into ppm exactly (at most 6 decimals).</summary>
    private sealed class PpmConverter : JsonConverter<Ppm>
    {
        public override Ppm Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(ReadDecimal(ref reader, 6, "a ratio with at most 6 decimals (0.25 = 250,000 ppm)"));

        public override void Write(Utf8JsonWriter writer, Ppm value, JsonSerializerOptions options) =>
            writer.WriteRawValue(DecimalText.Format(value.Value, 6));
    }

    /// <summary>Reads whole quote units such as 5000000.5 into quantums exactly.</summary>
    private sealed class QuantumsConverter(int decimals) : JsonConverter<Quantums>
    {
        public override Quantums Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(ReadDecimal(ref reader, decimals, $"an amount in whole quote units with at most {decimals} decimals"));

        public override void Write(Utf8JsonWriter writer, Quantums value, JsonSerializerOptions options) =>
            writer.WriteRawValue(DecimalText.Format(value.Value, decimals));
    }

    private static long ReadDecimal(ref Utf8JsonReader reader, int decimals, string expected)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"expected {expected}");
        }

        var text = reader.HasValueSequence ? System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence)) : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        if (text.Contains('e', StringComparison.OrdinalIgnoreCase) &&
            decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scientific))
        {
            text = scientific.ToString(CultureInfo.InvariantCulture);
        }

        if (!DecimalText.TryParse(text, decimals, out var value))
        {
            throw new JsonException($"{SafeText.Quote(text)} is not {expected}");
        }

        return value;
    }
}
