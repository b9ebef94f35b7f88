using System.Net.Http.Headers;
using System.Text;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Tests.Support;
using MarginCall.Engine.Wire;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;
using MarginCall.Storage.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MarginCall.Server.Tests;

/// <summary>A real server: the engine host on a file journal in a temp directory, Kestrel on a free loopback port.</summary>
internal sealed class ServerWorld : IAsyncDisposable
{
    public const string KeeperName = "keeper-1";

    private readonly TempDirectory temp = new();
    private readonly Dictionary<ApiRole, string> secrets = new()
    {
        [ApiRole.Reader] = "reader-" + Guid.NewGuid().ToString("N"),
        [ApiRole.Feeder] = "feeder-" + Guid.NewGuid().ToString("N"),
        [ApiRole.Keeper] = "keeper-" + Guid.NewGuid().ToString("N"),
        [ApiRole.Admin] = "admin-" + Guid.NewGuid().ToString("N"),
    };

    private Hosting.EngineHost? host;
    private WebApplication? app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; } = new();

    public Hosting.EngineHost Host => host!;

    /// <summary>The running application's services (its logger factory and endpoint data source, for the log and documentation tests).</summary>
    public IServiceProvider Services => app!.Services;

    public static async Task<ServerWorld> StartAsync(EngineOptions? options = null, ServerOptions? server = null)
    {
        var world = new ServerWorld();
        world.host = await Hosting.EngineHost.StartAsync(
            FileJournal.Open(Path.Combine(world.temp.Path, "journal")), new FileSnapshotStore(Path.Combine(world.temp.Path, "snapshots")),
            new Genesis(EngineWorld.Venue(), options ?? new EngineOptions()));
        var keys = new ApiKeyStore(world.secrets.Select(s => new ApiKey(s.Key == ApiRole.Keeper ? KeeperName : s.Key.ToString().ToLowerInvariant(), s.Key, ApiKeyStore.HashOf(s.Value))));
        world.app = MarginCallServer.Build(world.host, keys, server, "http://127.0.0.1:0");
        await world.app.StartAsync();
        var bound = world.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        world.Address = new Uri(bound);
        world.Http.BaseAddress = world.Address;
        return world;
    }

    public string Secret(ApiRole role) => secrets[role];

    public HttpRequestMessage Request(HttpMethod method, string path, ApiRole? role, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (role is { } r) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secrets[r]);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    public Task<HttpResponseMessage> PostAsync(ApiRole role, params Command[] commands) =>
        Http.SendAsync(Request(HttpMethod.Post, "/v1/commands", role, "[" + string.Join(",", commands.Select(WireJson.Serialize)) + "]"));

    public async Task<string> StateHashAsync() => Convert.ToHexStringLower(await Host.StateHashAsync());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (host is not null) await host.DisposeAsync();
        temp.Dispose();
    }
}
