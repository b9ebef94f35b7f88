using System.Security.Cryptography;
using MarginCall.Bench;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Hosting;
using MarginCall.Server;
using MarginCall.Simulation.Running;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MarginCall.LoadTest;

/// <summary>
/// The service under load, as <c>margincall serve</c> runs it: an <see cref="EngineHost"/> on the embedded file journal
/// (default group commit, fsync per batch) and snapshot store in <c>directory</c>, behind the real Kestrel front
/// (<see cref="MarginCallServer"/>) on a free loopback port. The venue is the engine bench's (<see cref="BenchVenue"/>);
/// <c>accounts</c> accounts are created and funded before the load. Keys exist in memory only.
/// </summary>
internal sealed class LoadService : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoadService(EngineHost host, WebApplication app, string feeder, string reader, long setupCommands)
    {
        Host = host;
        this.app = app;
        FeederSecret = feeder;
        ReaderSecret = reader;
        SetupCommands = setupCommands;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Where the service listens (http://127.0.0.1:PORT).</summary>
    public Uri Address { get; }

    /// <summary>The engine host, to read its durable sequence (the sequencer's progress) between phases.</summary>
    public EngineHost Host { get; }

    /// <summary>A Feeder key's secret (ingestion).</summary>
    public string FeederSecret { get; }

    /// <summary>A Reader key's secret (the stream).</summary>
    public string ReaderSecret { get; }

    /// <summary>Commands the set-up put in the log before any load (creating and funding the accounts).</summary>
    public long SetupCommands { get; }

    /// <summary>Starts the service on a new log in <paramref name="directory"/> with <paramref name="accounts"/> funded accounts.</summary>
    public static async Task<LoadService> StartAsync(string directory, int accounts, EngineHostOptions? hostOptions = null)
    {
        var genesis = new Genesis(VenueFactory.Create(BenchVenue.Scenario), new EngineOptions());
        var host = await EngineHost.StartAsync(FileJournal.Open(Path.Combine(directory, "journal")), new FileSnapshotStore(Path.Combine(directory, "snapshots")), genesis, hostOptions);
        var setup = new List<Task<CommandResult>>();
        for (var a = 0; a < accounts; a++)
        {
            setup.Add(host.SubmitAsync(new CreateAccount(new AccountId(a), $"load-{a}")));
            setup.Add(host.SubmitAsync(new Deposit(new AccountId(a), BenchVenue.Usdc, new Quantums(1_000_000_000))));
            // The host's queue is bounded: wait for what is in flight before it could fill.
            if (setup.Count >= 4_096) await DrainAsync(setup);
        }

        await DrainAsync(setup);
        var feeder = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var reader = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var keys = new ApiKeyStore([new ApiKey("load-feeder", ApiRole.Feeder, ApiKeyStore.HashOf(feeder)), new ApiKey("load-reader", ApiRole.Reader, ApiKeyStore.HashOf(reader))]);
        var app = MarginCallServer.Build(host, keys, urls: "http://127.0.0.1:0");
        await app.StartAsync();
        return new LoadService(host, app, feeder, reader, host.DurableSequence);
    }

    private static async Task DrainAsync(List<Task<CommandResult>> pending)
    {
        await Task.WhenAll(pending);
        pending.Clear();
    }

    /// <summary>Stops Kestrel, then the host (which acknowledges what was queued and closes the journal).</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await Host.DisposeAsync();
    }
}
