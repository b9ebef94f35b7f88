using System.Text.Json;
using MarginCall.Core.Risk;
using MarginCall.Engine.Events;
using MarginCall.Engine.Wire;
using MarginCall.Hosting;
using Microsoft.AspNetCore.Http;

namespace MarginCall.Server;

/// <summary>
/// Response bodies. Amounts, prices and ratios are integers in the units of the wire contract (quote quantums, price
/// units, ppm; docs/sequencer.md), so what the API returns is exactly what the engine computed, with no rounding to
/// display; commands and events use the contract's JSON form.
/// </summary>
internal static class Json
{
    public static IResult Body(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK) => new JsonBody(write, status);

    public static void Results(Utf8JsonWriter j, IReadOnlyList<CommandResult> results)
    {
        j.WriteStartObject();
        j.WriteStartArray("results");
        foreach (var result in results) Result(j, result);
        j.WriteEndArray();
        j.WriteEndObject();
    }

    public static void Result(Utf8JsonWriter j, CommandResult result) => Batch(j, result.Sequence, result.Events);

    public static void Batch(Utf8JsonWriter j, long sequence, IReadOnlyList<EngineEvent> events)
    {
        j.WriteStartObject();
        j.WriteNumber("sequence", sequence);
        j.WriteStartArray("events");
        foreach (var e in events) EventJson.Write(j, e);
        j.WriteEndArray();
        j.WriteEndObject();
    }

    public static void Pool(Utf8JsonWriter j, string name, MarginFigures pool)
    {
        j.WriteStartObject(name);
        j.WriteNumber("equity", pool.Equity.Value);
        j.WriteNumber("initialRequirement", pool.InitialRequirement.Value);
        j.WriteNumber("maintenanceRequirement", pool.MaintenanceRequirement.Value);
        j.WriteNumber("notional", pool.Notional.Value);
        j.WriteNumber("freeCollateral", pool.FreeCollateral.Value);
        OptionalNumber(j, "health", pool.Health?.Value);
        OptionalNumber(j, "leverage", pool.Leverage?.Value);
        j.WriteEndObject();
    }

    public static void OptionalNumber(Utf8JsonWriter j, string name, long? value)
    {
        if (value is { } v) j.WriteNumber(name, v);
        else j.WriteNull(name);
    }

    private sealed class JsonBody(Action<Utf8JsonWriter> write, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await using (var j = new Utf8JsonWriter(context.Response.BodyWriter)) write(j);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
    }
}
