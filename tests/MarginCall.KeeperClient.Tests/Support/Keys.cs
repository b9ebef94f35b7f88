using MarginCall.Server;

namespace MarginCall.KeeperClient.Tests.Support;

/// <summary>The test venue's API keys: one reader, feeder and admin, and two keepers each bound to its own account.</summary>
internal sealed class Keys
{
    public const string KeeperA = "keeper-a";
    public const string KeeperB = "keeper-b";
    public static readonly long AccountA = 901;
    public static readonly long AccountB = 902;

    public string Reader { get; } = "reader-" + Guid.NewGuid().ToString("N");

    public string Feeder { get; } = "feeder-" + Guid.NewGuid().ToString("N");

    public string Admin { get; } = "admin-" + Guid.NewGuid().ToString("N");

    public string A { get; } = "keeper-a-" + Guid.NewGuid().ToString("N");

    public string B { get; } = "keeper-b-" + Guid.NewGuid().ToString("N");

    public IReadOnlyList<ApiKey> Stored =>
    [
        new("reader", ApiRole.Reader, ApiKeyStore.HashOf(Reader)),
        new("feeder", ApiRole.Feeder, ApiKeyStore.HashOf(Feeder)),
        new("admin", ApiRole.Admin, ApiKeyStore.HashOf(Admin)),
        new(KeeperA, ApiRole.Keeper, ApiKeyStore.HashOf(A), AccountA),
        new(KeeperB, ApiRole.Keeper, ApiKeyStore.HashOf(B), AccountB),
    ];

    /// <summary>The key file <c>serve --keys</c> reads.</summary>
    public string Json() => System.Text.Json.JsonSerializer.Serialize(Stored.Select(k => new { name = k.Name, role = k.Role.ToString(), sha256 = k.Sha256, account = k.Account }));
}
