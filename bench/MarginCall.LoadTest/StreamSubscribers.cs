using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace MarginCall.LoadTest;

/// <summary>
/// <c>count</c> WebSocket subscribers of <c>GET /v1/stream</c> (every event, after a given sequence) reading as fast as
/// they can. Each checks that its batches' sequences follow one another (every load command has an event, so each
/// sequence is a batch: a gap or a repeat would be a broken stream) and stops when the service closes it (e.g. 1008:
/// it fell too far behind, the stream's bound on a slow consumer).
/// </summary>
internal sealed class StreamSubscribers : IAsyncDisposable
{
    private readonly List<Reader> readers;

    private StreamSubscribers(List<Reader> readers) => this.readers = readers;

    /// <summary>Messages received by all subscribers together.</summary>
    public long Delivered => readers.Sum(r => Interlocked.Read(ref r.Received));

    /// <summary>Subscribers closed by the service.</summary>
    public int Disconnected => readers.Count(r => r.Closed);

    /// <summary>Subscribers that saw a sequence other than the next one.</summary>
    public int OutOfOrder => readers.Count(r => r.Broken);

    public static async Task<StreamSubscribers> ConnectAsync(Uri address, string readerSecret, int count, long after)
    {
        var readers = new List<Reader>(count);
        var uri = new UriBuilder(address) { Scheme = "ws", Path = "/v1/stream", Query = $"after={after}" }.Uri;
        for (var i = 0; i < count; i++)
        {
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + readerSecret);
            await socket.ConnectAsync(uri, CancellationToken.None);
            readers.Add(new Reader(socket, after));
        }

        return new StreamSubscribers(readers);
    }

    /// <summary>Waits until every subscriber still connected has received up to <paramref name="sequence"/>, or the timeout.</summary>
    public async Task DrainAsync(long sequence, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until && readers.Any(r => !r.Closed && !r.Broken && Interlocked.Read(ref r.Last) < sequence)) await Task.Delay(10);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var reader in readers) await reader.CloseAsync();
    }

    private sealed class Reader
    {
        private readonly ClientWebSocket socket;
        private readonly Task pump;
        public long Received;
        public long Last;
        public volatile bool Closed;
        public volatile bool Broken;

        public Reader(ClientWebSocket socket, long after)
        {
            this.socket = socket;
            Last = after;
            pump = Task.Run(PumpAsync);
        }

        private async Task PumpAsync()
        {
            var message = new ArrayBufferWriter<byte>(4096);
            try
            {
                while (true)
                {
                    message.ResetWrittenCount();
                    ValueWebSocketReceiveResult part;
                    do
                    {
                        part = await socket.ReceiveAsync(message.GetMemory(4096), CancellationToken.None);
                        message.Advance(part.Count);
                    }
                    while (!part.EndOfMessage && part.MessageType != WebSocketMessageType.Close);

                    if (part.MessageType == WebSocketMessageType.Close)
                    {
                        // The service closed it; ours is the answer to the close handshake, not a disconnect.
                        Closed = socket.CloseStatus != WebSocketCloseStatus.NormalClosure;
                        return;
                    }

                    var sequence = SequenceOf(message.WrittenSpan);
                    if (sequence != Last + 1) Broken = true;
                    Interlocked.Exchange(ref Last, sequence);
                    Interlocked.Increment(ref Received);
                }
            }
            catch (WebSocketException)
            {
                Closed = true;
            }
        }

        /// <summary>The batch's sequence: its first member, <c>{"sequence":n,…}</c>.</summary>
        private static long SequenceOf(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            reader.Read();
            reader.Read();
            return reader.GetInt64();
        }

        public async Task CloseAsync()
        {
            if (socket.State == WebSocketState.Open)
            {
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "load done", CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // Already gone: nothing to close.
                }
            }

            await pump.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(static _ => { }, TaskScheduler.Default);
            socket.Dispose();
        }
    }
}
