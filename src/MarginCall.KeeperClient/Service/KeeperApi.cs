using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Wire;
using MarginCall.Keeper.Strategy;

namespace MarginCall.KeeperClient.Service;

/// <summary>
/// The service's HTTP API as a keeper uses it (docs/service.md): the reads its strategy needs, the event pages it catches
/// up from, and command submission with every answer typed (<see cref="SubmitOutcome"/>). Figures are the wire
/// contract's integers; commands and events are written and read by the engine's own codec (<see cref="WireJson"/>).
/// The key goes in the <c>Authorization</c> header and is never logged.
/// </summary>
public sealed class KeeperApi : IDisposable
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private readonly HttpClient http;

    /// <summary>A client of <paramref name="server"/> authenticating with <paramref name="key"/>.</summary>
    public KeeperApi(Uri server, string key)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Server = server;
        Key = key;
        // Several connections kept alive: a round's reads and the hedges may overlap, and each new connection costs a handshake.
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    /// <summary>The service's address.</summary>
    public Uri Server { get; }

    /// <summary>The API key (for the stream's upgrade request).</summary>
    internal string Key { get; }

    /// <summary><c>GET /v1/venue</c>.</summary>
    public async Task<VenueSnapshot> VenueAsync(CancellationToken cancellation)
    {
        using var document = await GetAsync("/v1/venue", cancellation).ConfigureAwait(false);
        var root = document!.RootElement;
        var markets = new List<VenueMarket>();
        foreach (var m in root.GetProperty("markets").EnumerateArray())
        {
            var listing = (ListMarket)CommandJson.Read(m.GetProperty("listing"));
            var parameters = (SetLiquidationParameters)CommandJson.Read(m.GetProperty("parameters"));
            markets.Add(new VenueMarket(listing.Market, parameters.Parameters, m.GetProperty("oracleStale").GetBoolean(), new Price(m.GetProperty("mark").GetInt64())));
        }

        return new VenueSnapshot(root.GetProperty("sequence").GetInt64(), new Quantums(root.GetProperty("executionCost").GetInt64()), markets);
    }

    /// <summary><c>GET /v1/accounts/{id}</c> as the strategy reads an account, or null when there is no such account.</summary>
    public async Task<AccountStanding?> StandingAsync(AccountId account, CancellationToken cancellation)
    {
        using var document = await GetAsync($"/v1/accounts/{account.Value}", cancellation, allowNotFound: true).ConfigureAwait(false);
        if (document is null) return null;
        var root = document.RootElement;
        var risk = root.GetProperty("risk");
        var positions = new List<PositionStanding>();
        foreach (var p in root.GetProperty("positions").EnumerateArray())
        {
            positions.Add(new PositionStanding(new MarketId(p.GetProperty("market").GetInt32()), p.GetProperty("size").GetInt64(), new Quantums(p.GetProperty("notional").GetInt64())));
        }

        var health = risk.GetProperty("health");
        return new AccountStanding(
            account,
            Enum.Parse<LiquidationState>(root.GetProperty("liquidationState").GetString()!),
            risk.GetProperty("liquidatable").GetBoolean(),
            health.ValueKind == JsonValueKind.Null ? null : new Ppm(health.GetInt64()),
            new Quantums(risk.GetProperty("equity").GetInt64()),
            root.GetProperty("liquidationStartMs").GetInt64(),
            positions);
    }

    /// <summary><c>GET /v1/markets/{id}/book?levels=n</c>.</summary>
    public async Task<BookSnapshot> BookAsync(MarketId market, int levels, CancellationToken cancellation)
    {
        using var document = await GetAsync($"/v1/markets/{market.Value}/book?levels={levels}", cancellation).ConfigureAwait(false);
        return new BookSnapshot(Levels(document!.RootElement.GetProperty("bids")), Levels(document.RootElement.GetProperty("asks")));
    }

    /// <summary><c>GET /v1/events?after&amp;limit</c>: the retained batches after <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<StreamBatch>> EventsAsync(long after, int limit, CancellationToken cancellation)
    {
        using var document = await GetAsync($"/v1/events?after={after}&limit={limit}", cancellation).ConfigureAwait(false);
        var batches = new List<StreamBatch>();
        foreach (var b in document!.RootElement.GetProperty("batches").EnumerateArray()) batches.Add(Batch(b));
        return batches;
    }

    /// <summary>Posts one command and types the answer; never retries (the caller decides again from fresh events).</summary>
    public async Task<SubmitOutcome> SubmitAsync(Command command, CancellationToken cancellation)
    {
        using var content = new StringContent(WireJson.Serialize(command), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/v1/commands", UriKind.Relative), content, cancellation).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        var retryAfter = response.Headers.RetryAfter?.Delta ?? DefaultRetryAfter;
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
            {
                using var document = JsonDocument.Parse(body);
                var batch = Batch(document.RootElement);
                return new SubmitOutcome(SubmitKind.Acknowledged, batch.Sequence, batch.Events, null, TimeSpan.Zero);
            }

            case HttpStatusCode.UnprocessableEntity:
            {
                using var document = JsonDocument.Parse(body);
                var problem = document.RootElement;
                return new SubmitOutcome(SubmitKind.Refused, problem.GetProperty("sequence").GetInt64(), [], problem.GetProperty("reason").GetString(), TimeSpan.Zero);
            }

            case HttpStatusCode.TooManyRequests:
                return new SubmitOutcome(SubmitKind.RateLimited, null, [], null, retryAfter);
            case HttpStatusCode.ServiceUnavailable:
                return new SubmitOutcome(SubmitKind.Busy, null, [], Detail(body), retryAfter);
            default:
                return new SubmitOutcome(SubmitKind.Failed, null, [], $"{(int)response.StatusCode}: {Detail(body)}", TimeSpan.Zero);
        }
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    /// <summary>Parses one <c>{"sequence":n,"events":[…]}</c> object.</summary>
    internal static StreamBatch Batch(JsonElement element)
    {
        var events = new List<EngineEvent>();
        foreach (var e in element.GetProperty("events").EnumerateArray()) events.Add(EventJson.Read(e));
        return new StreamBatch(element.GetProperty("sequence").GetInt64(), events);
    }

    private static BookLevelSnapshot[] Levels(JsonElement side)
    {
        var levels = new BookLevelSnapshot[side.GetArrayLength()];
        var i = 0;
        foreach (var level in side.EnumerateArray()) levels[i++] = new BookLevelSnapshot(new Price(level.GetProperty("price").GetInt64()), level.GetProperty("size").GetInt64());
        return levels;
    }

    private static string Detail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    private async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellation, bool allowNotFound = false)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellation).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw new KeeperApiException($"GET {path.Split('?')[0]}: {(int)response.StatusCode} {Detail(body)}", (int)response.StatusCode);
        return JsonDocument.Parse(body);
    }
}
