using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace MarginCall.Server.Documentation;

/// <summary>
/// The OpenAPI document (<c>GET /openapi/v1.json</c>, Microsoft.AspNetCore.OpenApi) and its browsable reference page
/// (<c>/docs</c>, Swashbuckle's Swagger UI, whose assets are embedded in the package: nothing is fetched from elsewhere).
/// Both are served without a key: they describe the API and hold no data. The document carries the bearer scheme, the
/// role each operation needs, its 401/403 answers, and the wire contract's command and event schemas
/// (<see cref="WireSchemas"/>).
/// </summary>
internal static class ApiDocumentation
{
    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the reference page is served.</summary>
    public const string ReferencePath = "/docs";

    private const string Bearer = "bearer";

    public static void AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MarginCall",
                    Version = "v1",
                    Description = "The margin-call and liquidation engine as a service. Figures are integers in the wire contract's units "
                        + "(quote quantums, price units, ppm). Errors are RFC 9457 problem details; an input problem names its `field`. "
                        + "Everything but /health, /ready and this documentation needs `Authorization: Bearer <api key>`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key (its secret) with a role: Reader, Feeder, Keeper or Admin.",
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                foreach (var (id, schema) in WireSchemas.Components()) document.Components.Schemas[id] = schema;
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, cancellation) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any() || metadata.OfType<IAuthorizeData>().FirstOrDefault() is not { } authorize) return;
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] }];
                operation.Description = $"Needs a key with the {RoleOf(authorize.Policy)} role (Admin holds every role). " + operation.Description;
                var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellation);
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", Problem(problem, "No key, or a key that is not known"));
                operation.Responses.TryAdd("403", Problem(problem, "The key's role does not cover this"));
            });
        });

    public static void MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal)).AllowAnonymous();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = ReferencePath.TrimStart('/');
            ui.DocumentTitle = "MarginCall API reference";
            ui.SwaggerEndpoint(DocumentPath, "MarginCall v1");
        });
    }

    /// <summary>
    /// Names the operation and states its successful answer: <paramref name="schema"/> describes a body the route writes by
    /// hand (with <c>Utf8JsonWriter</c>), which no serializer can infer.
    /// </summary>
    public static RouteHandlerBuilder Documented(this RouteHandlerBuilder route, string name, string summary, IOpenApiSchema? schema, string? description = null)
    {
        route.WithName(name).WithSummary(summary).Produces(StatusCodes.Status200OK, contentType: "application/json");
        if (description is not null) route.WithDescription(description);
        if (schema is null) return route;
        return route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= new OpenApiResponses();
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "OK",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
            return Task.CompletedTask;
        });
    }

    /// <summary>States the request body: JSON of <paramref name="schema"/>.</summary>
    public static RouteHandlerBuilder Body(this RouteHandlerBuilder route, IOpenApiSchema schema, string description) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
            return Task.CompletedTask;
        });

    /// <summary>States the optional query parameters the route reads by hand.</summary>
    public static RouteHandlerBuilder QueryParameters(this RouteHandlerBuilder route, params (string Name, OpenApiSchema Schema, string Description)[] parameters) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, schema, description) in parameters)
                operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Required = false, Schema = schema, Description = description });
            return Task.CompletedTask;
        });

    /// <summary>The WebSocket stream's operation (its protocol is in docs/service.md; OpenAPI has no WebSocket messages).</summary>
    public static RouteHandlerBuilder DocumentedAsStream(this RouteHandlerBuilder route) =>
        route.WithName("Stream")
            .WithSummary("WebSocket event stream, filtered and resumable")
            .WithDescription("Upgrade to a WebSocket. Each text message is one durable command's matching events, `{\"sequence\":n,\"events\":[Event…]}`, "
                + "in sequence order. The server closes with 1008 and a reason naming the resume point when the client fell behind its buffer, with 1001 "
                + "when the host stopped. Reconnect with `after` = the last `sequence` received: no gap, no repeat.")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone)
            .QueryParameters(
                ("after", Schema.Long, "the last sequence held (default: the last durable one)"),
                ("accounts", Schema.Text, "comma-separated account ids"),
                ("markets", Schema.Text, "comma-separated market ids"),
                ("kinds", Schema.Text, "comma-separated event type names (EventCode)"));

    private static OpenApiResponse Problem(IOpenApiSchema schema, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
    };

    private static string RoleOf(string? policy) => policy switch
    {
        Roles.Read => nameof(ApiRole.Reader),
        Roles.Feed => nameof(ApiRole.Feeder),
        Roles.Keep => nameof(ApiRole.Keeper),
        Roles.Administer => nameof(ApiRole.Admin),
        _ => throw new InvalidOperationException($"no role for the authorization policy '{policy}'"),
    };
}
