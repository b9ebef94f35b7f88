using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MarginCall.LoadTest;

/// <summary>
/// Posts pre-serialized command arrays to <c>POST /v1/commands</c> over loopback HTTP/1.1 with a Feeder key, on a pool
/// of keep-alive connections (one per request in flight, as many as the load needs).
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient http;

    public LoadClient(Uri address, string feederSecret)
    {
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", feederSecret);
    }

    /// <summary>
    /// Posts one array of <paramref name="commands"/> commands; returns how many the service acknowledged (all on a 200;
    /// on a 503, the <c>accepted</c> prefix, which the service will still run and acknowledge).
    /// </summary>
    /// <exception cref="LoadException">Any other answer.</exception>
    public async Task<(int Acknowledged, bool Busy)> PostAsync(byte[] body, int commands)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonType;
        using var response = await http.PostAsync(new Uri("/v1/commands", UriKind.Relative), content);
        var answer = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode == HttpStatusCode.OK) return (commands, false);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            using var problem = JsonDocument.Parse(answer);
            return (problem.RootElement.TryGetProperty("accepted", out var accepted) ? accepted.GetInt32() : 0, true);
        }

        throw new LoadException($"POST /v1/commands answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 300)))}");
    }

    public void Dispose() => http.Dispose();
}

/// <summary>The service answered the load otherwise than the API promises (not a 200 or a 503).</summary>
internal sealed class LoadException(string message) : Exception(message);
