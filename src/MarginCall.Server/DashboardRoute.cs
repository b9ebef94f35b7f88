using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarginCall.Server;

/// <summary>
/// The dashboard (docs/service.md, "Dashboard"): <c>GET /</c> redirects to <c>/dashboard/</c>, which serves the page, its
/// script and its style sheet, embedded in this assembly from <c>Dashboard/</c>. The files hold no data and no secret, so
/// they are open; the page reads everything through the public API and the stream with a Reader key the user gives it.
/// The Content-Security-Policy admits only this origin (no inline script, no CDN), so a figure the page shows can only
/// come from the API.
/// </summary>
internal static class DashboardRoute
{
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> Files = new Dictionary<string, (byte[], string)>
    {
        [""] = (Read("index.html"), "text/html; charset=utf-8"),
        ["app.js"] = (Read("app.js"), "text/javascript; charset=utf-8"),
        ["app.css"] = (Read("app.css"), "text/css; charset=utf-8"),
    }.ToFrozenDictionary();

    public static void Map(IEndpointRouteBuilder app)
    {
        // The dashboard is a page, not part of the API: left out of the OpenAPI document.
        app.MapGet("/", () => Results.Redirect("/dashboard/")).ExcludeFromDescription();
        app.MapGet("/dashboard/{file?}", (string? file, HttpContext context) =>
        {
            // Routing ignores a trailing slash, so /dashboard lands here too: one canonical address for the page.
            if (file is null && !context.Request.Path.Value!.EndsWith('/')) return Results.Redirect("/dashboard/");
            if (!Files.TryGetValue(file ?? "", out var served)) return Problems.Field(StatusCodes.Status404NotFound, "file", $"the dashboard has no file '{Problems.Quote(file ?? "")}'");
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            headers["Referrer-Policy"] = "no-referrer";
            return Results.Bytes(served.Body, served.ContentType);
        }).ExcludeFromDescription();
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardRoute).Assembly.GetManifestResourceStream("Dashboard/" + name)
            ?? throw new InvalidOperationException($"the dashboard file {name} is not embedded in {typeof(DashboardRoute).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
