using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using MarginCall.KeeperClient.Service;

namespace MarginCall.KeeperClient.Stream;

/// <summary>One item of an <see cref="EventFeed"/>: a batch, or the mark that the catch-up reached the head.</summary>
/// <param name="Batch">A durable command's events; null for the caught-up mark.</param>
public readonly record struct FeedItem(StreamBatch? Batch);

/// <summary>
/// Every durable batch after a sequence, in order, each once: first the retained backlog page by page
/// (<c>GET /v1/events</c>), then the live WebSocket stream (<c>GET /v1/stream?after=n</c>). When the stream drops (the
/// server closed it, the keeper fell 10,000 batches behind, the network failed) it reconnects with <c>after</c> = the
/// last sequence delivered — the service's resume guarantee: no gap, no repeat — after a pause that doubles from
/// 100 ms to 5 s while attempts keep failing, so a server that is down is not hammered.
/// </summary>
public sealed class EventFeed
{
    private const int PageSize = 1_000;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(5);
    private readonly KeeperApi api;
    private readonly TextWriter log;
    private readonly Channel<FeedItem> items = Channel.CreateUnbounded<FeedItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private long delivered;

    /// <summary>A feed from <paramref name="api"/>, reporting reconnects on <paramref name="log"/>.</summary>
    public EventFeed(KeeperApi api, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(log);
        this.api = api;
        this.log = log;
    }

    /// <summary>The batches, in sequence order, with one caught-up mark after the backlog.</summary>
    public ChannelReader<FeedItem> Items => items.Reader;

    /// <summary>Times the stream was reconnected.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Delivers every batch after <paramref name="after"/> until cancelled (or the server no longer holds the resume point).</summary>
    public async Task RunAsync(long after, CancellationToken cancellation)
    {
        delivered = after;
        try
        {
            await CatchUpAsync(cancellation).ConfigureAwait(false);
            items.Writer.TryWrite(new FeedItem(null));
            var backoff = FirstBackoff;
            while (!cancellation.IsCancellationRequested)
            {
                var before = delivered;
                try
                {
                    await FollowAsync(cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is WebSocketException or IOException or HttpRequestException && !cancellation.IsCancellationRequested)
                {
                    if (e is WebSocketException { Data: var data } && data["status"] is 410)
                        throw new KeeperApiException($"the stream no longer holds sequence {delivered}: {e.Message}", 410, e);
                    log.WriteLine($"stream: {e.Message}; resuming after {delivered}");
                }

                if (cancellation.IsCancellationRequested) break;
                backoff = delivered > before ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
                Reconnects++;
                await Task.Delay(backoff, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            items.Writer.TryComplete();
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellation)
    {
        while (true)
        {
            var page = await api.EventsAsync(delivered, PageSize, cancellation).ConfigureAwait(false);
            foreach (var batch in page) Deliver(batch);
            if (page.Count < PageSize) return;
        }
    }

    private async Task FollowAsync(CancellationToken cancellation)
    {
        using var socket = new ClientWebSocket();
        // A non-browser client: the key goes in the upgrade request's header, never in the URL (which servers log).
        socket.Options.SetRequestHeader("Authorization", "Bearer " + api.Key);
        socket.Options.CollectHttpResponseDetails = true;
        var scheme = api.Server.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        var uri = new UriBuilder(api.Server) { Scheme = scheme, Path = "/v1/stream", Query = $"after={delivered}" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, cancellation).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            e.Data["status"] = (int)socket.HttpStatusCode;
            throw;
        }

        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellation).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                log.WriteLine($"stream: closed by the server ({socket.CloseStatus}: {socket.CloseStatusDescription}); resuming after {delivered}");
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "resuming", CancellationToken.None).ConfigureAwait(false);
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage) continue;
            using (var document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)))
            {
                Deliver(KeeperApi.Batch(document.RootElement));
            }

            message.SetLength(0);
        }
    }

    private void Deliver(StreamBatch batch)
    {
        // The service never repeats a batch across a resume; a repeat here would be a bug on either side, and handing it on
        // would double-count rewards, so it is refused loudly.
        if (batch.Sequence <= delivered) throw new InvalidOperationException($"batch {batch.Sequence} arrived after {delivered}: the stream repeated itself");
        delivered = batch.Sequence;
        items.Writer.TryWrite(new FeedItem(batch));
    }
}
