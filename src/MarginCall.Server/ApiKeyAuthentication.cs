using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarginCall.Server;

/// <summary>
/// ASP.NET Core authentication by API key: <c>Authorization: Bearer &lt;secret&gt;</c>. A missing header leaves the caller
/// anonymous (the endpoint's policy then answers 401); a wrong key fails authentication (401). The secret is never logged.
/// </summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.Ordinal)) return Task.FromResult(AuthenticateResult.Fail("the Authorization header must be 'Bearer <api key>'"));
        if (keys.Find(header[bearer.Length..].Trim()) is not { } key) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), .. Roles.Implied(key.Role).Select(r => new Claim(ClaimTypes.Role, r.ToString()))], SchemeName);
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

    /// <summary>The roles a key of <paramref name="role"/> holds: its own, Reader always, and all of them for Admin.</summary>
    public static IEnumerable<ApiRole> Implied(ApiRole role) => role == ApiRole.Admin ? Enum.GetValues<ApiRole>() : role == ApiRole.Reader ? [ApiRole.Reader] : [ApiRole.Reader, role];
}
