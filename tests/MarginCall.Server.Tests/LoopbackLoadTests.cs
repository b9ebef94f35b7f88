using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Tests.Support;

namespace MarginCall.Server.Tests;

/// <summary>
/// A bounded load over loopback for correctness, not speed (the figures are measured by a bench, docs/PERFORMANCE.md):
/// several writers posting batches at once while 50 stream subscribers read. No timing is asserted.
/// </summary>
public sealed class LoopbackLoadTests
{
    private const int Writers = 4;
    private const int BatchesPerWriter = 8;
    private const int CommandsPerBatch = 40;
    private const int Subscribers = 50;

    [Fact]
    public async Task Concurrent_writers_get_unique_increasing_sequences_every_subscriber_gets_every_batch_once_in_order_and_the_state_replays()
    {
        await using var world = await ServerWorld.StartAsync();
        var accounts = Enumerable.Range(1, Writers).Select(w => new AccountId(w)).ToArray();
        var setup = accounts.Select(a => (Command)new CreateAccount(a, $"writer-{a.Value}")).ToArray();
        using (var created = await world.PostAsync(ApiRole.Feeder, setup)) Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var start = world.Host.DurableSequence;

        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < Subscribers; i++) sockets.Add(await StreamTests.ConnectAsync(world, after: start));
        const int total = Writers * BatchesPerWriter * CommandsPerBatch;
        var reading = sockets.Select(s => Task.Run(() => ReadAsync(s, total))).ToList();

        // Each writer deposits into its own account; every deposit causes a BalanceChanged, so every command is a batch.
        var writing = accounts.Select((account, w) => Task.Run(async () =>
        {
            var answers = new List<(long Sequence, string Batch, Command Command)>();
            for (var b = 0; b < BatchesPerWriter; b++)
            {
                var commands = Enumerable.Range(0, CommandsPerBatch).Select(c => (Command)new Deposit(account, EngineWorld.Usdc, new Quantums(1 + (w * 1_000) + (b * CommandsPerBatch) + c))).ToArray();
                using var response = await world.PostAsync(ApiRole.Feeder, commands);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("results").EnumerateArray().ToList();
                Assert.Equal(CommandsPerBatch, results.Count);
                for (var c = 0; c < results.Count; c++) answers.Add((results[c].GetProperty("sequence").GetInt64(), results[c].GetRawText(), commands[c]));
            }

            return answers;
        })).ToList();
        var perWriter = await Task.WhenAll(writing);

        foreach (var answers in perWriter)
        {
            // One writer's commands were queued in its order, so their sequences increase.
            Assert.True(answers.Zip(answers.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "a writer's sequences do not increase");
        }

        var all = perWriter.SelectMany(a => a).OrderBy(a => a.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, total).Select(i => start + i), all.Select(a => a.Sequence));
        var expected = all.Select(a => a.Batch).ToList();
        foreach (var received in await Task.WhenAll(reading)) Assert.Equal(expected, received);

        var replay = EngineWorld.NewEngine();
        foreach (var command in setup) replay.Submit(command);
        foreach (var (_, _, command) in all) replay.Submit(command);
        Assert.Equal(Convert.ToHexStringLower(replay.StateHash()), await world.StateHashAsync());

        foreach (var socket in sockets)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            socket.Dispose();
        }
    }

    private static async Task<List<string>> ReadAsync(ClientWebSocket socket, int count)
    {
        var received = new List<string>(count);
        while (received.Count < count) received.Add((await StreamTests.ReceiveAsync(socket)).GetRawText());
        return received;
    }
}
