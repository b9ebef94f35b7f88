using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Wire;

namespace MarginCall.Cli.Tests;

/// <summary>
/// <c>margincall serve</c> as a real child process on a free loopback port: commands posted over HTTP, the process
/// SIGKILLed, restarted on the same data directory; every acknowledged command is still there and the state hash is
/// the one the server reported before the kill.
/// </summary>
public sealed class ServeKillTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "margincall-serve-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
    }

    private static string Venue() => Path.Combine(ServeProcess.Repository(), "scenarios", "btc-2020-03-12-binance.json");

    private Task<ServeProcess> StartAsync() => ServeProcess.StartAsync("--data", data, "--venue", Venue());

    [Fact]
    public async Task Commands_acknowledged_over_http_survive_a_sigkill_of_the_server_with_the_same_state_hash()
    {
        var first = await StartAsync();
        var secrets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "secrets.json"))).RootElement;
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secrets.GetProperty("feeder").GetString());
        var commands = Enumerable.Range(1, 200).SelectMany(i => new Command[]
        {
            new CreateAccount(new AccountId(i), "trader-" + i),
            new Deposit(new AccountId(i), new AssetId(0), new Quantums(1_000_000L * i)),
        });
        long acknowledged = 0;
        string hash;
        try
        {
            foreach (var batch in commands.Chunk(50))
            {
                using var response = await http.PostAsync(new Uri(first.Address, "/v1/commands"),
                    new StringContent("[" + string.Join(",", batch.Select(WireJson.Serialize)) + "]", Encoding.UTF8, "application/json"));
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                acknowledged = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("results")[batch.Length - 1].GetProperty("sequence").GetInt64();
            }

            hash = await StateHashAsync(http, first.Address, acknowledged);
        }
        finally
        {
            first.Dispose();
        }

        var second = await StartAsync();
        try
        {
            Assert.Contains($"recovered the log in {data}: sequence {acknowledged}", second.Log, StringComparison.Ordinal);
            Assert.Equal(hash, await StateHashAsync(http, second.Address, acknowledged));
        }
        finally
        {
            second.Dispose();
        }

        Assert.Equal(400, acknowledged);
    }

    private static async Task<string> StateHashAsync(HttpClient http, Uri server, long sequence)
    {
        var body = JsonDocument.Parse(await http.GetStringAsync(new Uri(server, "/v1/state-hash"))).RootElement;
        Assert.Equal(sequence, body.GetProperty("sequence").GetInt64());
        return body.GetProperty("sha256").GetString()!;
    }
}
