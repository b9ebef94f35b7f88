using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Engine.Events;
using MarginCall.Hosting;
using MarginCall.Hosting.Events;
using MarginCall.Server.Documentation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarginCall.Server;

/// <summary>
/// <c>GET /v1/stream</c> (WebSocket): one text message per durable command, <c>{"sequence":n,"events":[…]}</c>, after the
/// sequence given in <c>after</c>, filtered by <c>accounts</c>, <c>markets</c> and <c>kinds</c> (comma-separated). The
/// parameters are checked before the upgrade (400 naming the parameter; 410 when <c>after</c> is no longer retained). A
/// client that falls <see cref="Hosting.EngineHostOptions.SubscriberBuffer"/> batches behind is closed with status
/// 1008 and a reason naming where to resume; it reconnects with <c>after</c> = the last sequence it received.
/// </summary>
internal static class StreamRoute
{
    public static void Map(IEndpointRouteBuilder app, EngineHost host) =>
        app.MapGet("/v1/stream", (Func<HttpContext, Task<IResult>>)(context => StreamAsync(context, host))).RequireAuthorization(Roles.Read).DocumentedAsStream();

    private static async Task<IResult> StreamAsync(HttpContext context, EngineHost host)
    {
        var request = context.Request;
        if (Query.Long(request, "after", host.Events.LastSequence, 0, long.MaxValue) is not { } after) return Query.Invalid(request, "after", "a sequence number ≥ 0");
        if (after > host.Events.LastSequence) return Problems.Field(StatusCodes.Status400BadRequest, "after", $"sequence {after} is past the last durable one, {host.Events.LastSequence}");
        if (Set(request, "accounts", s => long.TryParse(s, out var v) && v >= 0 ? new AccountId(v) : (AccountId?)null, out var accounts) is { } badAccounts) return badAccounts;
        if (Set(request, "markets", s => int.TryParse(s, out var v) && v >= 0 ? new MarketId(v) : (MarketId?)null, out var markets) is { } badMarkets) return badMarkets;
        if (Set(request, "kinds", s => Enum.TryParse<EventCode>(s, ignoreCase: false, out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _) ? v : (EventCode?)null, out var kinds) is { } badKinds) return badKinds;
        if (!context.WebSockets.IsWebSocketRequest) return Problems.Field(StatusCodes.Status400BadRequest, "Upgrade", "this endpoint is a WebSocket");

        Subscription subscription;
        try
        {
            subscription = host.Events.Subscribe(new EventFilter(accounts, markets, kinds), after);
        }
        catch (EventsNotRetainedException e)
        {
            return Problems.NotRetained(e);
        }

        using (subscription)
        using (var socket = await context.WebSockets.AcceptWebSocketAsync(StreamProtocol.Answer(context)))
        {
            await PumpAsync(socket, subscription, context.RequestAborted);
        }

        return Results.Empty;
    }

    private static async Task PumpAsync(WebSocket socket, Subscription subscription, CancellationToken aborted)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        // The client sends nothing; reading notices its close (and any message is a protocol error).
        var receive = Task.Run(async () =>
        {
            var scratch = new byte[256];
            try
            {
                while (!closed.IsCancellationRequested && (await socket.ReceiveAsync(scratch, closed.Token)).MessageType != WebSocketMessageType.Close) { }
            }
            finally
            {
                await closed.CancelAsync();
            }
        }, CancellationToken.None);

        (WebSocketCloseStatus Status, string Reason) close = (WebSocketCloseStatus.NormalClosure, "stream ended");
        try
        {
            while (await subscription.Batches.WaitToReadAsync(closed.Token))
            {
                while (subscription.Batches.TryRead(out var batch))
                {
                    buffer.ResetWrittenCount();
                    using (var j = new Utf8JsonWriter(buffer)) Json.Batch(j, batch.Sequence, batch.Events);
                    await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, closed.Token);
                }
            }
        }
        catch (SubscriberTooSlowException e)
        {
            close = (WebSocketCloseStatus.PolicyViolation, Reason(e.Message));
        }
        catch (HostStoppedException e)
        {
            close = (WebSocketCloseStatus.EndpointUnavailable, Reason(e.Message));
        }
        catch (OperationCanceledException) when (socket.State == WebSocketState.CloseReceived)
        {
            // The client closed: complete its close handshake.
            close = (WebSocketCloseStatus.NormalClosure, "closed by the client");
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (WebSocketException)
        {
            return;
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None);
        }

        await closed.CancelAsync();
        await receive.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    /// <summary>A close reason must fit in 123 bytes of UTF-8.</summary>
    private static string Reason(string message) => message.Length <= 120 ? message : message[..120];

    private static IResult? Set<T>(HttpRequest request, string name, Func<string, T?> parse, out IReadOnlySet<T>? set)
        where T : struct
    {
        set = null;
        var values = request.Query[name];
        if (values.Count == 0) return null;
        if (values.Count > 1) return Query.Invalid(request, name, "a comma-separated list");
        var parsed = new HashSet<T>();
        foreach (var item in values[0]!.Split(',', StringSplitOptions.TrimEntries))
        {
            if (parse(item) is not { } v) return Problems.Field(StatusCodes.Status400BadRequest, name, $"'{Problems.Quote(item)}' is not valid in {name}");
            parsed.Add(v);
        }

        set = parsed;
        return null;
    }
}
