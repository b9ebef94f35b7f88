using MarginCall.Engine;
using MarginCall.Hosting;
using MarginCall.Server;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MarginCall.KeeperClient.Tests.Support;

/// <summary>
/// The service in-process (what <c>serve</c> runs: the engine host on the file journal in a temp directory, the API on
/// a free loopback port) with the venue of the crash script and the test keys.
/// </summary>
internal sealed class ServiceWorld : IAsyncDisposable
{
    private readonly string directory;
    private WebApplication? app;

    private ServiceWorld(EngineHost host, string directory)
    {
        Host = host;
        this.directory = directory;
    }

    public EngineHost Host { get; }

    public Keys Keys { get; } = new();

    public ServiceClient Client { get; private set; } = null!;

    public static async Task<ServiceWorld> StartAsync()
    {
        var scenario = ScenarioLoader.Load(Repository.Venue).Scenario;
        var directory = Path.Combine(Path.GetTempPath(), "margincall-keeper-" + Guid.NewGuid().ToString("N"));
        var host = await EngineHost.StartAsync(FileJournal.Open(Path.Combine(directory, "journal")), new FileSnapshotStore(Path.Combine(directory, "snapshots")),
            new Genesis(VenueFactory.Create(scenario), scenario.EngineSettings.ToOptions()));
        var world = new ServiceWorld(host, directory);
        world.app = MarginCallServer.Build(host, new ApiKeyStore(world.Keys.Stored), urls: "http://127.0.0.1:0");
        await world.app.StartAsync();
        var bound = world.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        world.Client = new ServiceClient(new Uri(bound));
        return world;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await Host.DisposeAsync();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
