using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Tests.Support;
using MarginCall.Engine.Wire;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;
using MarginCall.Storage.Tests;

namespace MarginCall.Hosting.Tests;

/// <summary>A file journal and snapshot store in a temp directory, and a seeded command stream with its direct-engine results.</summary>
internal sealed class HostWorld : IDisposable
{
    private readonly TempDirectory temp = new();

    public HostWorld(int seed)
    {
        (Commands, Events, var engine, var options) = AdaptiveStream.Run(seed);
        Genesis = new Genesis(EngineWorld.Venue(), options);
        Hash = Convert.ToHexString(engine.StateHash());
    }

    public List<Command> Commands { get; }

    /// <summary>Each command's events when the commands are applied straight to an engine.</summary>
    public List<List<EngineEvent>> Events { get; }

    public Genesis Genesis { get; }

    /// <summary>The state hash after all commands, applied straight to an engine.</summary>
    public string Hash { get; }

    public string JournalDirectory => Path.Combine(temp.Path, "journal");

    public FileJournal OpenJournal() => FileJournal.Open(JournalDirectory);

    public FileSnapshotStore Snapshots() => new(Path.Combine(temp.Path, "snapshots"));

    public Task<EngineHost> StartAsync(EngineHostOptions? options = null) => EngineHost.StartAsync(OpenJournal(), Snapshots(), Genesis, options);

    public static string Json(IEnumerable<EngineEvent> events) => string.Join("\n", events.Select(e => WireJson.Serialize(e)));

    public void Dispose() => temp.Dispose();
}
