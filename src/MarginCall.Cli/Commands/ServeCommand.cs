using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using MarginCall.Engine;
using MarginCall.Hosting;
using MarginCall.Server;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;
using MarginCall.Storage;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall serve</c>: the engine as a service (docs/service.md) on the embedded file journal in <c>--data</c>. A new
/// log starts from the venue and engine settings of <c>--venue</c> (a scenario file); an existing one is recovered. Without
/// <c>--keys</c>, the API keys are <c>DATA/keys.json</c>, created on first start with one key per role, whose secrets go to
/// <c>DATA/secrets.json</c> (owner-only permissions) and are never printed. Stops on Ctrl-C or SIGTERM after draining.
/// </summary>
internal static class ServeCommand
{
    public const string DefaultVenue = "scenarios/btc-2020-03-12-binance.json";

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Directory of the journal, snapshots and keys", DefaultValueFactory = _ => "data" };
        var urls = new Option<string>("--urls") { Description = "Where to listen (port 0: a free port, printed)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var keys = new Option<string?>("--keys") { Description = "API key file: [{\"name\",\"role\",\"sha256\"}] (default: DATA/keys.json, created if missing)" };
        var venue = new Option<string>("--venue") { Description = "Scenario whose venue and engine settings a new log starts with", DefaultValueFactory = _ => DefaultVenue };
        var command = new Command("serve", "Run the engine as a service: HTTP API and WebSocket event stream over the embedded journal") { data, urls, keys, venue };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(data)!, parse.GetValue(urls)!, parse.GetValue(keys), parse.GetValue(venue)!,
            parse.InvocationConfiguration.Error, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(string data, string urls, string? keyFile, string venuePath, TextWriter error, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(urls, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            return JournalCommand.Refuse(error, "--urls", "must be one http:// URL, e.g. http://127.0.0.1:8080");
        Genesis genesis;
        try
        {
            var loaded = ScenarioLoader.Load(venuePath);
            genesis = new Genesis(VenueFactory.Create(loaded.Scenario), loaded.Scenario.EngineSettings.ToOptions());
        }
        catch (ScenarioException e)
        {
            return JournalCommand.Refuse(error, "--venue", e.Message);
        }

        ApiKeyStore keys;
        try
        {
            Directory.CreateDirectory(data);
            keys = keyFile is null ? DefaultKeys(data, error) : ApiKeyStore.Load(keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            return JournalCommand.Refuse(error, "--keys", e.Message);
        }

        EngineHost host;
        try
        {
            host = await EngineHost.StartAsync(FileJournal.Open(Path.Combine(data, "journal")), new FileSnapshotStore(Path.Combine(data, "snapshots")), genesis,
                cancellation: cancellation);
        }
        catch (StorageException e)
        {
            error.WriteLine($"error: --data: {e.Message}");
            return JournalCommand.Corrupt;
        }

        await using (host)
        {
            error.WriteLine(host.Recovery is { } r
                ? $"recovered the log in {data}: sequence {r.Sequence} ({(r.FromSnapshot is { } s ? $"snapshot {s} + {r.Replayed} commands" : $"{r.Replayed} commands from the genesis")})"
                : $"started a new log in {data} with the venue of {venuePath}");
            await using var app = MarginCallServer.Build(host, keys, urls: urls);
            await app.StartAsync(cancellation);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            error.WriteLine($"listening on {bound}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("stopping: draining queued commands");
            }

            await app.StopAsync(CancellationToken.None);
        }

        return ExitCodes.Ok;
    }

    /// <summary>DATA/keys.json; on first start, one key per role with its secret written to DATA/secrets.json for the operator.</summary>
    private static ApiKeyStore DefaultKeys(string data, TextWriter error)
    {
        var path = Path.Combine(data, "keys.json");
        if (File.Exists(path)) return ApiKeyStore.Load(path);
        var secrets = Enum.GetValues<ApiRole>().ToDictionary(r => r.ToString().ToLowerInvariant(), _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        var keys = Enum.GetValues<ApiRole>().Select(r => new ApiKey(r.ToString().ToLowerInvariant(), r, ApiKeyStore.HashOf(secrets[r.ToString().ToLowerInvariant()]))).ToList();
        var secretsPath = Path.Combine(data, "secrets.json");
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(secretsPath, create))
        {
            JsonSerializer.Serialize(file, secrets, new JsonSerializerOptions { WriteIndented = true });
        }

        File.WriteAllText(path, JsonSerializer.Serialize(keys.Select(k => new { name = k.Name, role = k.Role.ToString(), sha256 = k.Sha256 }), new JsonSerializerOptions { WriteIndented = true }));
        error.WriteLine($"created API keys (one per role) in {path}; their secrets are in {secretsPath}, readable by you only");
        return new ApiKeyStore(keys);
    }
}
