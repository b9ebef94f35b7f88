using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using MarginCall.Server;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Replay;

/// <summary>
/// <c>serve --scenario</c>'s driver around one service: its own Admin key (a random secret held in this process only,
/// never written or printed), the scenario's command log computed in the background (<see cref="ReplaySource"/>) and
/// posted over loopback HTTP at the scenario's pace (<see cref="ScenarioReplay"/>). A log being resumed is checked to
/// be this replay's prefix (equal state hash at its sequence) before anything is posted.
/// </summary>
internal sealed class ServiceReplay
{
    /// <summary>The name of the replay's key (so the service's keys cannot collide with it silently: names are unique).</summary>
    public const string KeyName = "scenario-replay";

    private readonly string secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key the service must accept for the replay (Admin: the setup funds the insurance fund and sets the execution cost; the simulated keepers liquidate under their own names).</summary>
    public ApiKey Key => new(KeyName, ApiRole.Admin, ApiKeyStore.HashOf(secret));

    /// <summary>
    /// Replays <paramref name="scenario"/> into the service at <paramref name="address"/>, whose log already holds
    /// <paramref name="logged"/> commands; returns when the replay ended (finished, not resumable, failed or cancelled),
    /// having said which on <paramref name="log"/>.
    /// </summary>
    public async Task RunAsync(LoadedScenario scenario, Uri address, long logged, double speed, TextWriter log, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = Loopback(address), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Cancelled on the way out, so a replay that ends early (not resumable, failed) does not leave the run computing.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var source = ReplaySource.Start(scenario, logged, stop.Token);
        var replay = new ScenarioReplay(http, speed, log);
        try
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"replay: {(logged > 0 ? $"resuming after command {logged:N0} (if the log is this replay's)" : "starting")} at {speed:0.###}x, {ScenarioReplay.Clock((long)(scenario.Scenario.DurationSeconds * 1000))} of scenario time"));
            Func<Task<bool>>? resume = logged > 0 ? () => IsPrefixAsync(http, source, logged, log, cancellation) : null;
            if (!await replay.RunAsync(source.Batches, logged, resume, cancellation)) return;
            var t = replay.Tally;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"replay finished: {source.Count:N0} commands (sequence {Math.Max(t.Sequence, logged):N0}) in {clock.Elapsed.TotalSeconds:0.0} s, {t.LiquidationSteps:N0} liquidation steps, {t.Refused:N0} refused by the engine, {t.Diverged:N0} answered otherwise than in the simulator (commands from other clients); still serving"));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            var t = replay.Tally;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: stopped at scenario time {ScenarioReplay.Clock(t.ScenarioMs)} (sequence {t.Sequence:N0}); run the same command on the same --data to resume"));
        }
        catch (Exception e) when (e is ReplayException or ScenarioException or HttpRequestException or Simulation.Prices.LedgerRangeException)
        {
            log.WriteLine("error: replay stopped: " + SafeText.Line(e.Message, 300) + "; still serving");
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private static async Task<bool> IsPrefixAsync(HttpClient http, ReplaySource source, long logged, TextWriter log, CancellationToken cancellation)
    {
        using var answer = JsonDocument.Parse(await http.GetStringAsync("/v1/state-hash", cancellation));
        var service = answer.RootElement.GetProperty("sha256").GetString();
        var simulator = await source.HashAtSequence.WaitAsync(cancellation);
        if (simulator is null)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: the log already holds {logged:N0} commands, all of this replay's {source.Count:N0} and more (other clients'); nothing to replay, serving it as it is"));
            return false;
        }

        if (Convert.ToHexStringLower(simulator) != service)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: the log's state at sequence {logged:N0} is not this replay's (other clients' commands are in it); not replaying, serving it as it is (a fresh replay needs an empty --data)"));
            return false;
        }

        return true;
    }

    /// <summary>The address to call: a wildcard listening address (0.0.0.0, [::]) is called on loopback.</summary>
    private static Uri Loopback(Uri bound)
    {
        var host = bound.Host switch { "0.0.0.0" => "127.0.0.1", "[::]" or "::" => "[::1]", var h => h };
        return new UriBuilder(bound) { Host = host, Path = "/" }.Uri;
    }
}
