using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Tests.Support;
using MarginCall.Engine.Wire;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MarginCall.Server.Tests;

public sealed partial class ApiDocumentationTests
{
    /// <summary>
    /// The document's own route: it describes the API, not itself. Other endpoints left out must say so with
    /// <c>ExcludeFromDescription</c> (the dashboard's pages).
    /// </summary>
    private const string DocumentRoute = "/openapi/{documentName}.json";

    private static async Task<JsonElement> DocumentAsync(ServerWorld world)
    {
        using var response = await world.Http.GetAsync("/openapi/v1.json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task The_document_is_served_without_a_key_and_describes_every_mapped_endpoint_with_a_name_and_a_summary()
    {
        await using var world = await ServerWorld.StartAsync();
        var paths = (await DocumentAsync(world)).GetProperty("paths");

        var mapped = world.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText != DocumentRoute && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/'), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.Contains(("/v1/commands", "post"), mapped);
        foreach (var (path, method) in mapped)
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} is mapped but not in the document");
            var operation = item.GetProperty(method);
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()), $"{method} {path} has no name");
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }

        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o.Name))).ToList();
        Assert.Equal(mapped.Count, documented.Count);
    }

    [Fact]
    public async Task Operations_needing_a_key_declare_the_bearer_scheme_and_their_401_and_403_and_the_open_ones_do_not()
    {
        await using var world = await ServerWorld.StartAsync();
        var document = await DocumentAsync(world);

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var open = path.Name is "/health" or "/ready";
                var secured = operation.Value.TryGetProperty("security", out var security) && security.EnumerateArray().Any(r => r.TryGetProperty("bearer", out _));
                Assert.True(open != secured, $"{operation.Name} {path.Name}: bearer requirement {secured}");
                var responses = operation.Value.GetProperty("responses");
                Assert.Equal(secured, responses.TryGetProperty("401", out _));
                Assert.Equal(secured, responses.TryGetProperty("403", out _));
            }
        }
    }

    [Fact]
    public async Task The_command_and_event_schemas_name_every_kind_and_admit_the_wire_form_of_a_real_stream_and_the_bodies_the_routes_write()
    {
        var (commands, events, _, options) = AdaptiveStream.Run(3);
        await using var world = await ServerWorld.StartAsync(options);
        var document = await DocumentAsync(world);
        var schemas = new SchemaCheck(document);

        var commandKinds = document.GetProperty("components").GetProperty("schemas").GetProperty("Command").GetProperty("oneOf").GetArrayLength();
        var eventKinds = document.GetProperty("components").GetProperty("schemas").GetProperty("Event").GetProperty("oneOf").GetArrayLength();
        Assert.Equal(Enum.GetValues<CommandCode>().Length, commandKinds);
        Assert.Equal(Enum.GetValues<EventCode>().Length, eventKinds);
        foreach (var command in commands) schemas.Assert(SchemaCheck.Ref("Command"), Parse(WireJson.Serialize(command)), command.Code.ToString());
        foreach (var e in events.SelectMany(e => e)) schemas.Assert(SchemaCheck.Ref("Event"), Parse(WireJson.Serialize(e)), e.Code.ToString());

        // A wrong member, a missing one and a wrong type are refused by the schemas too, so the check above can fail.
        Assert.False(schemas.Admits(SchemaCheck.Ref("Command"), Parse("""{"type":"Deposit","account":1,"asset":0,"amount":5,"extra":1}""")));
        Assert.False(schemas.Admits(SchemaCheck.Ref("Command"), Parse("""{"type":"Deposit","account":1,"asset":0}""")));
        Assert.False(schemas.Admits(SchemaCheck.Ref("Command"), Parse("""{"type":"Deposit","account":"1","asset":0,"amount":5}""")));

        using var posted = await world.PostAsync(ApiRole.Admin, [.. commands]);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        schemas.Assert(Response(document, "/v1/commands", "post"), Parse(await posted.Content.ReadAsStringAsync()), "POST /v1/commands");
        var account = commands.OfType<Trade>().First().Buyer.Value;
        foreach (var path in new[] { "/v1/venue", "/v1/accounts/at-risk?take=1000", $"/v1/accounts/{account}", "/v1/auctions", "/v1/insurance-funds", "/v1/events?limit=1000", "/v1/state-hash", "/ready", "/health" })
        {
            using var response = await world.Http.SendAsync(world.Request(HttpMethod.Get, path, ApiRole.Reader));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var template = path.Split('?')[0].Replace($"/{account}", "/{id}", StringComparison.Ordinal);
            schemas.Assert(Response(document, template, "get"), Parse(await response.Content.ReadAsStringAsync()), path);
        }
    }

    [Fact]
    public async Task The_reference_page_loads_without_a_key_and_every_asset_it_names_is_served_by_the_service()
    {
        await using var world = await ServerWorld.StartAsync();

        using var page = await world.Http.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
        var assets = Asset().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.DoesNotContain(assets, a => a.Contains("//", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await world.Http.GetAsync(new Uri(new Uri(world.Address, "/docs/"), asset));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
        }

        using var config = await world.Http.GetAsync("/docs/index.js");
        Assert.Contains("/openapi/v1.json", await config.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonElement Response(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");

    [GeneratedRegex("(?:src|href)=\"([^\"#]+)\"")]
    private static partial Regex Asset();
}
