using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarginCall.Engine.Tests.Support;

namespace MarginCall.Server.Tests;

public sealed class StreamTests
{
    internal static async Task<ClientWebSocket> ConnectAsync(ServerWorld world, long after)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + world.Secret(ApiRole.Reader));
        var uri = new UriBuilder(world.Address) { Scheme = "ws", Path = "/v1/stream", Query = $"after={after}" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }

    internal static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            length += result.Count;
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone();
    }

    [Fact]
    public async Task A_stream_cut_mid_way_and_resumed_after_its_last_message_has_every_event_once_in_order()
    {
        var (commands, _, _, options) = AdaptiveStream.Run(12);
        await using var server = await ServerWorld.StartAsync(options);
        var first = await ConnectAsync(server, after: 0);

        using var posted = await server.PostAsync(ApiRole.Admin, [.. commands]);
        var results = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("events").GetArrayLength() > 0).Select(r => r.GetRawText()).ToList();
        var received = new List<string>();
        for (var i = 0; i < results.Count / 2; i++) received.Add((await ReceiveAsync(first)).GetRawText());
        first.Abort();
        first.Dispose();

        var last = JsonDocument.Parse(received[^1]).RootElement.GetProperty("sequence").GetInt64();
        using var resumed = await ConnectAsync(server, after: last);
        while (received.Count < results.Count) received.Add((await ReceiveAsync(resumed)).GetRawText());

        Assert.Equal(results, received);
        await resumed.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task Resuming_past_the_last_durable_sequence_is_refused_before_the_upgrade()
    {
        await using var world = await ServerWorld.StartAsync();
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + world.Secret(ApiRole.Reader));
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(world.Address) { Scheme = "ws", Path = "/v1/stream", Query = "after=5" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }
}
