using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Wire;
using MarginCall.KeeperClient.Service;

namespace MarginCall.KeeperClient.Tests.Support;

/// <summary>The test's own HTTP calls to a service (the script, the journal's events), separate from the keeper's client.</summary>
internal sealed class ServiceClient(Uri address) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    public Uri Address => address;

    public async Task<JsonElement> PostAsync(string key, IReadOnlyList<Command> commands)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/commands")
        {
            Content = new StringContent("[" + string.Join(",", commands.Select(WireJson.Serialize)) + "]", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<(int Status, JsonElement Body)> PostOneAsync(string key, Command command)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/commands") { Content = new StringContent(WireJson.Serialize(command), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public async Task<JsonElement> GetAsync(string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<(long TimeMs, LiquidationParameters Parameters)> VenueAsync(string key)
    {
        var venue = await GetAsync(key, "/v1/venue");
        var parameters = (SetLiquidationParameters)CommandJson.Read(venue.GetProperty("markets")[0].GetProperty("parameters"));
        return (venue.GetProperty("timeMs").GetInt64(), parameters.Parameters);
    }

    /// <summary>Every retained batch, in order (the journal's events as the service serves them).</summary>
    public async Task<List<StreamBatch>> EventsAsync(string key)
    {
        var all = new List<StreamBatch>();
        long after = 0;
        while (true)
        {
            var page = await GetAsync(key, $"/v1/events?after={after}&limit=1000");
            var batches = page.GetProperty("batches").EnumerateArray().Select(KeeperApi.Batch).ToList();
            all.AddRange(batches);
            if (batches.Count < 1000) return all;
            after = batches[^1].Sequence;
        }
    }

    public async Task<long> SequenceAsync(string key) => (await GetAsync(key, "/v1/state-hash")).GetProperty("sequence").GetInt64();

    /// <summary>Waits until the durable sequence has not moved for <paramref name="quiet"/>: the keepers are done reacting.</summary>
    public async Task SettleAsync(string key, TimeSpan quiet, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = await SequenceAsync(key);
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var sequence = await SequenceAsync(key);
            if (sequence != last)
            {
                (last, since) = (sequence, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - since >= quiet)
            {
                return;
            }
        }
    }

    public void Dispose() => http.Dispose();
}
