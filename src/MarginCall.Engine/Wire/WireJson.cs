using System.Buffers;
using System.Text;
using System.Text.Json;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Engine.Wire;

/// <summary>
/// The JSON form of commands, events and the genesis (for the API and the CLI), on System.Text.Json. Strict: unknown,
/// missing and repeated members, out-of-range numbers and undefined enum names are refused with a
/// <see cref="WireFormatException"/> naming the field. Market definitions and parameter sets inside commands and events,
/// and the genesis's venue and options, are carried as base64 of their binary encoding.
/// </summary>
public static class WireJson
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>One command as a JSON object.</summary>
    public static string Serialize(Command command) => Write(j => CommandJson.Write(j, command));

    /// <summary>One event as a JSON object.</summary>
    public static string Serialize(EngineEvent @event) => Write(j => EventJson.Write(j, @event));

    /// <summary>A genesis: <c>{"formatVersion":1,"venue":base64,"options":base64}</c>.</summary>
    public static string Serialize(Genesis genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return Write(j =>
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            VenueEncoding.Write(new WireWriter(buffer), genesis.Venue);
            var venue = buffer.WrittenSpan.ToArray();
            buffer.Clear();
            EngineOptionsEncoding.Write(new WireWriter(buffer), genesis.Options);
            j.WriteStartObject();
            j.WriteNumber("formatVersion", genesis.FormatVersion);
            j.WriteBase64String("venue", venue);
            j.WriteBase64String("options", buffer.WrittenSpan);
            j.WriteEndObject();
        });
    }

    /// <summary>Reads one command.</summary>
    public static Command DeserializeCommand(string json) => Read(json, "Command", CommandJson.Read);

    /// <summary>Reads one event.</summary>
    public static EngineEvent DeserializeEvent(string json) => Read(json, "Event", EventJson.Read);

    /// <summary>Reads a genesis; a format version this build does not read is refused.</summary>
    public static Genesis DeserializeGenesis(string json) => Read(json, "genesis", static root =>
    {
        var f = new JsonFields(root, "genesis");
        var version = JsonFields.Int32(f.Take("formatVersion"), "genesis.formatVersion");
        if (Genesis.FormatProblem(version) is { } problem)
        {
            throw new WireFormatException("genesis.formatVersion", -1, problem);
        }

        var venueReader = new WireReader(JsonFields.Bytes(f.Take("venue"), "genesis.venue"));
        var venue = VenueEncoding.Read(ref venueReader);
        venueReader.EnsureEnd("genesis.venue");
        var optionsReader = new WireReader(JsonFields.Bytes(f.Take("options"), "genesis.options"));
        var options = EngineOptionsEncoding.Read(ref optionsReader);
        optionsReader.EnsureEnd("genesis.options");
        f.EnsureAllTaken();
        return new Genesis(version, venue, options);
    });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var j = new Utf8JsonWriter(buffer))
        {
            write(j);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static T Read<T>(string json, string what, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Strict);
        }
        catch (JsonException e)
        {
            throw new WireFormatException(what, e.BytePositionInLine ?? -1, "not valid JSON: " + e.Message, e);
        }

        using (document)
        {
            return read(document.RootElement);
        }
    }
}
