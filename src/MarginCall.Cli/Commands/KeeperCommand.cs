using System.CommandLine;
using MarginCall.KeeperClient;
using MarginCall.KeeperClient.Service;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall keeper</c>: the reference keeper (docs/keeper.md) against a running <c>serve</c>. It follows the event
/// stream with a keeper key, decides with the simulator's strategy, sends keeper liquidations and lot takes, hedges its
/// takes, and reports its wins, refusals, rewards and PnL on stderr, as Prometheus metrics (<c>--metrics-port</c>) and,
/// when it stops (Ctrl-C, SIGTERM), as one JSON line on stdout. The key comes from <c>--key-file</c> or the
/// <c>MARGINCALL_KEEPER_KEY</c> environment variable and is never printed.
/// </summary>
internal static class KeeperCommand
{
    public const string KeyVariable = "MARGINCALL_KEEPER_KEY";

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The service, e.g. http://127.0.0.1:8080", Required = true };
        var keyFile = new Option<string?>("--key-file") { Description = $"File holding the keeper's API key (default: the {KeyVariable} environment variable)" };
        var config = new Option<string>("--config") { Description = "Keeper configuration (JSON: keeperId, account, minimum profits, inventory limit, capital, request rate)", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only log the decisions; send nothing" };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics" };
        var command = new Command("keeper", "Run a keeper: follow a service's stream and compete for liquidations and auction lots") { url, keyFile, config, dryRun, metricsPort };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(url)!, parse.GetValue(keyFile), parse.GetValue(config)!, parse.GetValue(dryRun), parse.GetValue(metricsPort),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(string url, string? keyFile, string configPath, bool dryRun, int? metricsPort, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
            return JournalCommand.Refuse(error, "--url", "must be one http:// or https:// URL, e.g. http://127.0.0.1:8080");
        if (metricsPort is { } port && (port < 1 || port > 65_535)) return JournalCommand.Refuse(error, "--metrics-port", "must be from 1 to 65535");
        string key;
        try
        {
            key = (keyFile is null ? Environment.GetEnvironmentVariable(KeyVariable) : await File.ReadAllTextAsync(keyFile, cancellation))?.Trim() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return JournalCommand.Refuse(error, "--key-file", e.Message);
        }

        if (key.Length == 0) return JournalCommand.Refuse(error, "--key-file", keyFile is null ? $"no key: give --key-file or set {KeyVariable}" : "the file is empty");
        KeeperSettings settings;
        try
        {
            settings = KeeperSettings.Load(configPath) with { DryRun = dryRun };
        }
        catch (KeeperConfigException e)
        {
            return JournalCommand.Refuse(error, e.Field == "--config" ? "--config" : $"--config {e.Field}", e.Message[(e.Field.Length + 2)..]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return JournalCommand.Refuse(error, "--config", e.Message);
        }

        using var api = new KeeperApi(server, key);
        using var metrics = new KeeperMetrics(settings.KeeperId, metricsPort);
        var runner = new KeeperRunner(api, settings, error, metrics);
        error.WriteLine($"keeper {settings.KeeperId} (account {settings.Account.Value}) following {server}{(dryRun ? " — dry run, nothing is sent" : "")}");
        try
        {
            await runner.RunAsync(cancellation);
        }
        catch (Exception e) when (e is KeeperApiException or HttpRequestException)
        {
            error.WriteLine($"error: {server}: {e.Message}");
            output.WriteLine(runner.Summary());
            return ExitCodes.RefusedInput;
        }

        error.WriteLine("stopped");
        output.WriteLine(runner.Summary());
        return ExitCodes.Ok;
    }
}
