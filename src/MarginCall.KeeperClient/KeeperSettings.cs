using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Keeper.Strategy;

namespace MarginCall.KeeperClient;

/// <summary>A keeper configuration problem, naming the field at fault.</summary>
public sealed class KeeperConfigException(string field, string message) : Exception($"{field}: {message}")
{
    /// <summary>The field at fault.</summary>
    public string Field { get; } = field;
}

/// <summary>
/// A keeper's configuration (the <c>--config</c> JSON file of <c>margincall keeper</c>, docs/keeper.md): who it is, where
/// its takes go, its margins and limits. Amounts are the wire contract's integers (quote quantums, base quantums, ppm).
/// </summary>
public sealed record KeeperSettings
{
    /// <summary>The keeper id its liquidations carry: the name of its API key.</summary>
    public required string KeeperId { get; init; }

    /// <summary>The engine account that takes lots and holds the hedges (the key must be bound to it).</summary>
    public required AccountId Account { get; init; }

    /// <summary>The strategy's margins and inventory limit.</summary>
    public KeeperParameters Strategy { get; init; } = KeeperParameters.Default;

    /// <summary>The capital the account was funded with, quote quantums: the base of the reported return (0: none reported).</summary>
    public Quantums Capital { get; init; } = Quantums.Zero;

    /// <summary>Most commands per second the keeper sends (the service allows 100 per keeper key).</summary>
    public int MaxRequestsPerSecond { get; init; } = 50;

    /// <summary>How many levels of each side of a book the hedge quotes read.</summary>
    public int BookLevels { get; init; } = 100;

    /// <summary>Hedge order ids are this plus a counter started from the wall clock in microseconds (unique across restarts).</summary>
    public long OrderIdBase { get; init; }

    /// <summary>Only log decisions, send nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Reads a configuration file; every problem names its field.</summary>
    public static KeeperSettings Load(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new KeeperConfigException("--config", "not valid JSON: " + e.Message);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Reads a configuration object; unknown fields are refused (a misspelt limit must not be ignored).</summary>
    public static KeeperSettings Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new KeeperConfigException("--config", "must be a JSON object");
        string[] known = ["keeperId", "account", "minimumLiquidationProfit", "minimumAuctionProfitPpm", "maximumInventory", "capital", "maxRequestsPerSecond", "bookLevels", "orderIdBase"];
        foreach (var property in root.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0) throw new KeeperConfigException(property.Name, "unknown field (known: " + string.Join(", ", known) + ")");
        }

        var keeperId = root.TryGetProperty("keeperId", out var id) && id.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(id.GetString())
            ? id.GetString()!
            : throw new KeeperConfigException("keeperId", "required: the name of the keeper's API key");
        var parameters = new KeeperParameters
        {
            MinimumLiquidationProfit = new Quantums(Long(root, "minimumLiquidationProfit", 0, 0, long.MaxValue)),
            MinimumAuctionProfit = new Ppm(Long(root, "minimumAuctionProfitPpm", KeeperParameters.Default.MinimumAuctionProfit.Value, 0, Ppm.OneValue - 1)),
            MaximumInventory = Long(root, "maximumInventory", long.MaxValue, 0, long.MaxValue),
        };
        return new KeeperSettings
        {
            KeeperId = keeperId,
            Account = new AccountId(root.TryGetProperty("account", out _) ? Long(root, "account", 0, 0, long.MaxValue) : throw new KeeperConfigException("account", "required: the keeper's engine account id")),
            Strategy = parameters,
            Capital = new Quantums(Long(root, "capital", 0, 0, long.MaxValue)),
            MaxRequestsPerSecond = (int)Long(root, "maxRequestsPerSecond", 50, 1, 100),
            BookLevels = (int)Long(root, "bookLevels", 100, 1, 1_000),
            OrderIdBase = Long(root, "orderIdBase", 0, 0, long.MaxValue / 2),
        };
    }

    private static long Long(JsonElement root, string name, long fallback, long min, long max)
    {
        if (!root.TryGetProperty(name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var v)) throw new KeeperConfigException(name, "must be a whole number");
        if (v < min || v > max) throw new KeeperConfigException(name, $"must be from {min} to {max}, not {v}");
        return v;
    }
}
