using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarginCall.Server;

/// <summary>
/// ASP.NET Core authentication by API key: <c>Authorization: Bearer &lt;secret&gt;</c>, or, on a WebSocket upgrade only, the
/// subprotocol <c>bearer.&lt;secret&gt;</c> offered beside <see cref="StreamProtocol.Name"/> (<see cref="StreamProtocol"/>:
/// a browser cannot set headers on a WebSocket, and a key in the URL would end up in logs and history). A missing key
/// leaves the caller anonymous (the endpoint's policy then answers 401); a wrong key fails authentication (401). The
/// secret is never logged.
/// </summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string secret;
        if (!string.IsNullOrEmpty(header))
        {
            const string bearer = "Bearer ";
            if (!header.StartsWith(bearer, StringComparison.Ordinal)) return Task.FromResult(AuthenticateResult.Fail("the Authorization header must be 'Bearer <api key>'"));
            secret = header[bearer.Length..].Trim();
        }
        else if (StreamProtocol.Key(Context) is { } offered)
        {
            secret = offered;
        }
        else
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(secret) is not { } key) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name) };
        claims.AddRange(Roles.Implied(key.Role).Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        if (key.Account is { } account) claims.Add(new Claim(Roles.AccountClaim, account.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>The authorization policies: one per role, and which roles each key's role implies.</summary>
internal static class Roles
{
    public const string Read = "read";
    public const string Feed = "feed";
    public const string Keep = "keep";
    public const string Administer = "admin";

    /// <summary>The claim holding a keeper key's bound account id (<see cref="ApiKey.Account"/>).</summary>
    public const string AccountClaim = "margincall:account";

    /// <summary>The roles a key of <paramref name="role"/> holds: its own, Reader always, and all of them for Admin.</summary>
    public static IEnumerable<ApiRole> Implied(ApiRole role) => role == ApiRole.Admin ? Enum.GetValues<ApiRole>() : role == ApiRole.Reader ? [ApiRole.Reader] : [ApiRole.Reader, role];
}

/// <summary>
/// The WebSocket subprotocols of <c>/v1/stream</c>: a client offers <see cref="Name"/> and may carry its key as a second
/// offer, <c>bearer.&lt;secret&gt;</c> (<c>new WebSocket(url, ["margincall.v1", "bearer." + key])</c>); the server answers
/// <see cref="Name"/> only, so the secret is never echoed. The secret must be made of HTTP token characters (the keys
/// <c>serve</c> creates are hex).
/// </summary>
internal static class StreamProtocol
{
    public const string Name = "margincall.v1";

    private const string BearerPrefix = "bearer.";

    /// <summary>The key offered as a subprotocol of a WebSocket upgrade, or null (not an upgrade, or no such offer).</summary>
    public static string? Key(Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest) return null;
        foreach (var offered in context.WebSockets.WebSocketRequestedProtocols)
        {
            if (offered.StartsWith(BearerPrefix, StringComparison.Ordinal) && offered.Length > BearerPrefix.Length) return offered[BearerPrefix.Length..];
        }

        return null;
    }

    /// <summary>The subprotocol to answer: <see cref="Name"/> when the client offered it (a browser refuses an answer it did not offer).</summary>
    public static string? Answer(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.WebSockets.WebSocketRequestedProtocols.Contains(Name) ? Name : null;
}
