using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarginCall.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarginCall.Server.Tests.Dashboard;

/// <summary>
/// What a browser needs from the server: the dashboard files without a key, the venue's decimals, and the stream
/// authenticated by a key offered as a WebSocket subprotocol (a browser cannot set an Authorization header on a
/// WebSocket) — with the secret in no log line and no answer header.
/// </summary>
public sealed class BrowserAuthTests
{
    private static ClientWebSocket Socket(params string[] protocols)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var p in protocols) socket.Options.AddSubProtocol(p);
        return socket;
    }

    private static Uri Stream(ServerWorld world, string query = "after=0") => new UriBuilder(world.Address) { Scheme = "ws", Path = "/v1/stream", Query = query }.Uri;

    [Fact]
    public async Task A_reader_key_offered_as_the_bearer_subprotocol_opens_the_stream_and_the_server_answers_only_margincall_v1()
    {
        await using var world = await ServerWorld.StartAsync();
        using var posted = await world.PostAsync(ApiRole.Admin, [.. EngineWorld.Opening()]);
        posted.EnsureSuccessStatusCode();
        using var socket = Socket("margincall.v1", "bearer." + world.Secret(ApiRole.Reader));

        await socket.ConnectAsync(Stream(world), CancellationToken.None);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.Equal("margincall.v1", socket.SubProtocol);
        Assert.DoesNotContain(socket.HttpResponseHeaders!.SelectMany(h => h.Value), v => v.Contains(world.Secret(ApiRole.Reader), StringComparison.Ordinal));
        var buffer = new byte[1 << 16];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count)).RootElement.GetProperty("sequence").GetInt64());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Theory]
    [InlineData("bearer.wrong-key")]
    [InlineData("bearer.")]
    [InlineData("margincall.v1")]
    public async Task A_wrong_or_missing_subprotocol_key_is_refused_with_401_before_the_upgrade(string offered)
    {
        await using var world = await ServerWorld.StartAsync();
        using var socket = Socket(offered == "margincall.v1" ? [offered] : ["margincall.v1", offered]);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Stream(world), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task The_subprotocol_key_counts_only_on_a_websocket_upgrade_and_the_header_still_works()
    {
        await using var world = await ServerWorld.StartAsync();
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/v1/venue");
        plain.Headers.Add("Sec-WebSocket-Protocol", "margincall.v1, bearer." + world.Secret(ApiRole.Reader));
        using var refused = await world.Http.SendAsync(plain);
        using var header = await world.Http.SendAsync(world.Request(HttpMethod.Get, "/v1/venue", ApiRole.Reader));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + world.Secret(ApiRole.Reader));

        await socket.ConnectAsync(Stream(world), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Null(socket.SubProtocol);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task No_secret_reaches_the_log_at_any_level_whether_the_key_is_right_or_wrong()
    {
        await using var world = await ServerWorld.StartAsync();
        var log = Capture(world);
        var wrong = "bearer-wrong-" + Guid.NewGuid().ToString("N");
        using (var right = Socket("margincall.v1", "bearer." + world.Secret(ApiRole.Reader)))
        {
            await right.ConnectAsync(Stream(world), CancellationToken.None);
            await right.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        using (var refused = Socket("margincall.v1", "bearer." + wrong))
        {
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(Stream(world), CancellationToken.None));
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/v1/venue"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", wrong);
            using var response = await world.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var ok = await world.Http.SendAsync(world.Request(HttpMethod.Get, "/v1/venue", ApiRole.Reader))) ok.EnsureSuccessStatusCode();

        // The capture saw the requests (so it would have seen a secret), and no line holds one.
        Assert.Contains(log, line => line.Contains("/v1/stream", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains("unknown API key", StringComparison.Ordinal));
        foreach (var secret in new[] { world.Secret(ApiRole.Reader), wrong }) Assert.DoesNotContain(log, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dashboard_is_served_without_a_key_with_a_same_origin_content_policy_and_the_venue_gives_its_decimals()
    {
        await using var world = await ServerWorld.StartAsync();
        using var root = await world.Http.GetAsync("/");
        using var page = await world.Http.GetAsync("/dashboard/");
        using var script = await world.Http.GetAsync("/dashboard/app.js");
        using var missing = await world.Http.GetAsync("/dashboard/secrets.json");
        using var venue = await world.Http.SendAsync(world.Request(HttpMethod.Get, "/v1/venue", ApiRole.Reader));

        Assert.Equal("/dashboard/", root.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/dashboard/app.js\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", string.Join(";", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var body = JsonDocument.Parse(await venue.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("USDC", 6), (body.GetProperty("quoteSymbol").GetString(), body.GetProperty("quoteDecimals").GetInt32()));
        Assert.All(body.GetProperty("markets").EnumerateArray(), m => Assert.Equal((6, 2), (m.GetProperty("sizeDecimals").GetInt32(), m.GetProperty("priceDecimals").GetInt32())));
    }

    /// <summary>
    /// Every log line of the server from here on, at every level: the server logs at Warning and above, so a rule for this
    /// provider alone opens Trace to it (the filter options are read when a provider is added), a superset of what an
    /// operator's log could ever hold.
    /// </summary>
    private static ConcurrentQueue<string> Capture(ServerWorld world)
    {
        var lines = new ConcurrentQueue<string>();
        world.Services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>().CurrentValue.Rules.Add(
            new LoggerFilterRule(typeof(CapturingProvider).FullName, null, LogLevel.Trace, null));
        world.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingProvider(lines));
        return lines;
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
