using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MarginCall.Cli.Outputs;
using MarginCall.Cli.Replay;
using MarginCall.Engine;
using MarginCall.Engine.Wire;
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
        var scenario = new Option<string?>("--scenario")
        {
            Description = "Replay this scenario through the service (its venue and engine settings start the log; data default: data/replays/<name>)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var speed = new Option<string?>("--speed") { Description = "Scenario seconds per wall-clock second of the replay [default: 60]", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("serve", "Run the engine as a service: HTTP API and WebSocket event stream over the embedded journal") { data, urls, keys, venue, scenario, speed };
        command.SetAction((parse, cancellation) =>
        {
            var error = TextWriter.Synchronized(parse.InvocationConfiguration.Error);
            Replay? replay = null;
            if (parse.GetResult(scenario) is not null || parse.GetResult(speed) is not null)
            {
                if (parse.GetResult(venue) is { Implicit: false }) return Task.FromResult(JournalCommand.Refuse(error, "--venue", "a replay starts from its --scenario's venue; give one of them"));
                if (ReplayOf(parse.GetValue(scenario), parse.GetResult(speed) is null ? null : parse.GetValue(speed) ?? "", error) is not { } parsed) return Task.FromResult(ExitCodes.RefusedInput);
                replay = parsed;
            }

            var dataDirectory = replay is not null && parse.GetResult(data) is null or { Implicit: true }
                ? Path.Combine("data", "replays", OutputFolder.SafeName(replay.Scenario.Scenario.Name))
                : parse.GetValue(data)!;
            return RunAsync(dataDirectory, parse.GetValue(urls)!, parse.GetValue(keys), replay?.Scenario.FileName ?? parse.GetValue(venue)!, replay, error, cancellation);
        });
        return command;
    }

    /// <summary>A replay asked for: the scenario and its speed.</summary>
    private sealed record Replay(LoadedScenario Scenario, double Speed);

    /// <summary>The checked <c>--scenario</c> and <c>--speed</c>, or null having refused one of them on <paramref name="error"/>.</summary>
    private static Replay? ReplayOf(string? scenarioPath, string? speedText, TextWriter error)
    {
        var speed = 60.0;
        if (speedText is not null && !(double.TryParse(speedText, NumberStyles.Float, CultureInfo.InvariantCulture, out speed) && double.IsFinite(speed) && speed > 0))
        {
            JournalCommand.Refuse(error, "--speed", $"{SafeText.Quote(speedText)} is not a positive number (scenario seconds per second, e.g. 60)");
            return null;
        }

        if (string.IsNullOrEmpty(scenarioPath))
        {
            JournalCommand.Refuse(error, "--scenario", "give the scenario file to replay, e.g. --scenario scenarios/btc-2020-03-12-binance.json");
            return null;
        }

        try
        {
            return new Replay(ScenarioCheck.Load(scenarioPath, RunLimits.Default), speed);
        }
        catch (ScenarioException e)
        {
            JournalCommand.Refuse(error, "--scenario", SafeText.Line(e.Message));
            return null;
        }
    }

    private static async Task<int> RunAsync(string data, string urls, string? keyFile, string venuePath, Replay? replay, TextWriter error, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(urls, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            return JournalCommand.Refuse(error, "--urls", "must be one http:// URL, e.g. http://127.0.0.1:8080");
        Genesis genesis;
        try
        {
            var loaded = replay?.Scenario ?? ScenarioLoader.Load(venuePath);
            genesis = new Genesis(VenueFactory.Create(loaded.Scenario), loaded.Scenario.EngineSettings.ToOptions());
        }
        catch (ScenarioException e)
        {
            return JournalCommand.Refuse(error, "--venue", e.Message);
        }

        var driver = replay is null ? null : new ServiceReplay();
        ApiKeyStore keys;
        try
        {
            Directory.CreateDirectory(data);
            keys = keyFile is null ? DefaultKeys(data, error) : ApiKeyStore.Load(keyFile);
            if (driver is not null) keys = keys.With(driver.Key);
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
            if (replay is not null && host.Recovery is { } recovered && WireJson.Serialize(recovered.Engine.Genesis) != WireJson.Serialize(genesis))
                return JournalCommand.Refuse(error, "--data", $"{data} holds a log started from another venue or engine settings than {replay.Scenario.FileName}'s; a replay needs its own: give another --data or remove it");
            error.WriteLine(host.Recovery is { } r
                ? $"recovered the log in {data}: sequence {r.Sequence} ({(r.FromSnapshot is { } s ? $"snapshot {s} + {r.Replayed} commands" : $"{r.Replayed} commands from the genesis")})"
                : $"started a new log in {data} with the venue of {venuePath}");
            await using var app = MarginCallServer.Build(host, keys, urls: urls);
            await app.StartAsync(cancellation);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            error.WriteLine($"listening on {bound}");
            var replaying = driver is null ? Task.CompletedTask : driver.RunAsync(replay!.Scenario, new Uri(bound), host.Recovery?.Sequence ?? 0, replay.Speed, error, cancellation);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("stopping: draining queued commands");
            }

            await replaying;

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
