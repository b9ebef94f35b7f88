using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MarginCall.Server;

/// <summary>What a key may do. Each role includes reading; <see cref="Admin"/> includes everything.</summary>
public enum ApiRole
{
    /// <summary>Reads: venue, accounts, auctions, funds, events, the stream.</summary>
    Reader = 1,

    /// <summary>Ingestion: prices, trades, deposits and withdrawals, orders, accounts, time.</summary>
    Feeder = 2,

    /// <summary>Permissionless liquidation: liquidate an account (as itself), take an auction lot.</summary>
    Keeper = 3,

    /// <summary>Venue administration: parameters, execution cost, insurance, listing markets; and all of the above.</summary>
    Admin = 4,
}

/// <summary>One API key as stored: a name, a role, and the SHA-256 of the secret (the secret itself is never stored).</summary>
/// <param name="Name">Who holds it; a keeper's name is the keeper id it may liquidate as.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the UTF-8 secret.</param>
/// <param name="Account">
/// For a keeper key, the engine account it trades for: it may then place (hedge) orders for that account and take auction
/// lots only into it. Null: no account is bound (a keeper key then places no orders).
/// </param>
public sealed record ApiKey(string Name, ApiRole Role, string Sha256, long? Account = null);

/// <summary>
/// The keys a server accepts. Secrets are compared by their SHA-256 in constant time; the store holds only hashes, so a
/// leaked key file does not leak a usable key (high-entropy secrets, so an unsalted fast hash is enough — the same
/// reasoning as GitHub's token storage).
/// </summary>
public sealed class ApiKeyStore
{
    private readonly IReadOnlyList<(ApiKey Key, byte[] Hash)> keys;

    /// <summary>Accepts <paramref name="keys"/>; names must be unique and hashes 64 hex digits.</summary>
    public ApiKeyStore(IEnumerable<ApiKey> keys)
    {
        var list = new List<(ApiKey, byte[])>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (string.IsNullOrWhiteSpace(key.Name) || !names.Add(key.Name)) throw new ArgumentException($"key name '{key.Name}' is empty or repeated", nameof(keys));
            if (!Enum.IsDefined(key.Role)) throw new ArgumentException($"key '{key.Name}': role {(int)key.Role} is not defined", nameof(keys));
            if (key.Sha256.Length != 64) throw new ArgumentException($"key '{key.Name}': sha256 must be 64 hex digits", nameof(keys));
            if (key.Account is { } account && (key.Role != ApiRole.Keeper || account < 0)) throw new ArgumentException($"key '{key.Name}': account binds keeper keys only, to an id ≥ 0", nameof(keys));
            list.Add((key, Convert.FromHexString(key.Sha256)));
        }

        this.keys = list;
    }

    /// <summary>These keys and <paramref name="key"/> (e.g. a process's own key, held in memory only); its name must be new.</summary>
    public ApiKeyStore With(ApiKey key) => new([.. keys.Select(k => k.Key), key]);

    /// <summary>The SHA-256 hex to store for <paramref name="secret"/>.</summary>
    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Reads a key file: a JSON array of <c>{"name":…,"role":"Reader|Feeder|Keeper|Admin","sha256":…}</c>, a keeper's with an optional <c>"account"</c>.</summary>
    public static ApiKeyStore Load(string path)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter<ApiRole>(allowIntegerValues: false) },
        };
        var keys = JsonSerializer.Deserialize<List<ApiKey>>(File.ReadAllText(path), options) ?? throw new JsonException("the key file is null");
        return new ApiKeyStore(keys);
    }

    /// <summary>The key whose secret is <paramref name="secret"/>, or null.</summary>
    public ApiKey? Find(string secret)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        ApiKey? found = null;
        foreach (var (key, hash) in keys)
        {
            // Every stored hash is compared, in constant time, so the time taken says nothing about which one matched.
            if (CryptographicOperations.FixedTimeEquals(presented, hash)) found = key;
        }

        return found;
    }
}
