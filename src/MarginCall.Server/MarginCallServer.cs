using System.Threading.RateLimiting;
using MarginCall.Hosting;
using MarginCall.Server.Documentation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarginCall.Server;

/// <summary>
/// The HTTP front of an <see cref="EngineHost"/> (ASP.NET Core minimal APIs on Kestrel): reads, command ingestion, the
/// event stream, health. Authentication by API key with roles (<see cref="ApiRole"/>); anonymous callers get 401, the
/// wrong role 403; errors are RFC 9457 problem details naming the field. docs/service.md lists the endpoints.
/// </summary>
public static class MarginCallServer
{
    /// <summary>Builds the application listening on <paramref name="urls"/> (e.g. <c>http://127.0.0.1:0</c> for a free port).</summary>
    public static WebApplication Build(EngineHost host, ApiKeyStore keys, ServerOptions? options = null, string urls = "http://127.0.0.1:8080")
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(keys);
        options ??= new ServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(keys);
        builder.Services.AddProblemDetails();
        builder.Services.AddApiDocumentation();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Read, p => p.RequireRole(nameof(ApiRole.Reader)))
            .AddPolicy(Roles.Feed, p => p.RequireRole(nameof(ApiRole.Feeder)))
            .AddPolicy(Roles.Keep, p => p.RequireRole(nameof(ApiRole.Keeper)))
            .AddPolicy(Roles.Administer, p => p.RequireRole(nameof(ApiRole.Admin)));
        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.AddPolicy(RateLimits.Keepers, context => RateLimits.For(context, options.KeeperRequestsPerSecond));
        });

        var metrics = new ServerMetrics(host);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapApiDocumentation();

        app.MapGet("/health", () => Results.Ok(new { status = "alive" }))
            .Documented("Health", "200 while the process serves", Schema.Object(("status", Schema.Text)));
        app.MapGet("/ready", () => host.Stopped is { } stopped
            ? Problems.Stopped(stopped)
            : Results.Ok(new { status = "ready", sequence = host.DurableSequence, queueDepth = host.QueueDepth }))
            .Documented("Ready", "The durable sequence and queue depth; 503 once the host stopped", Schema.Object(("status", Schema.Text), ("sequence", Schema.Long), ("queueDepth", Schema.Int)))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // A route handler rather than prometheus-net's MapMetrics, so the OpenAPI document describes it like every other endpoint.
        app.MapGet("/metrics", (Func<HttpContext, Task>)(async context =>
            {
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
            }))
            .RequireAuthorization(Roles.Read)
            .WithName("Metrics").WithSummary("Prometheus text format: commands, ack latency, queue depth, journal lag, accounts by state, fund balances")
            .Produces(StatusCodes.Status200OK, contentType: "text/plain");
        app.Lifetime.ApplicationStarted.Register(() => _ = metrics.CountEventsAsync(app.Lifetime.ApplicationStopping));
        ReadRoutes.Map(app, host, options);
        CommandRoutes.Map(app, host, options, metrics.Latency);
        StreamRoute.Map(app, host);
        DashboardRoute.Map(app);
        return app;
    }
}

/// <summary>Per-keeper rate limit on the command endpoint; other roles are bounded by the engine's queue instead.</summary>
internal static class RateLimits
{
    public const string Keepers = "keepers";

    public static RateLimitPartition<string> For(HttpContext context, int perSecond)
    {
        var user = context.User;
        if (!user.IsInRole(nameof(ApiRole.Keeper)) || user.IsInRole(nameof(ApiRole.Admin))) return RateLimitPartition.GetNoLimiter("unlimited");
        return RateLimitPartition.GetFixedWindowLimiter(user.Identity?.Name ?? "", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perSecond,
            Window = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        });
    }
}
