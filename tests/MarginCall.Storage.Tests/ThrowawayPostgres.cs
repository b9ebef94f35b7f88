using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MarginCall.Storage.Tests;

/// <summary>
/// A PostgreSQL cluster of one test's own (initdb in a temp directory, a free loopback port), so the test can stop the
/// server process without breaking the tests that share the CI cluster. Uses Debian's server binaries, which
/// scripts/ci/postgres.sh installs; run as the <c>postgres</c> user when the tests run as root (initdb refuses root).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string root;
    private readonly int port;
    private bool running;

    private ThrowawayPostgres(string bin, string root, int port)
    {
        this.bin = bin;
        this.root = root;
        this.port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=margincall;Database=postgres;Pooling=false;Timeout=5;Command Timeout=10";

    /// <summary>The server binaries directory (newest version), or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : new Version(0, 0)).LastOrDefault()
            : null;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        string bin = FindBinaries() ?? throw new InvalidOperationException("no PostgreSQL server binaries under /usr/lib/postgresql (scripts/ci/postgres.sh installs them)");
        string root = Path.Combine(Path.GetTempPath(), "margincall-pgstop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres", root);
        var server = new ThrowawayPostgres(bin, root, FreePort());
        await server.PgAsync("initdb", "-D", server.Data, "-A", "trust", "-U", "margincall");
        await server.StartAgainAsync();
        return server;
    }

    private string Data => Path.Combine(root, "data");

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        await PgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(root, "server.log"), "-w",
            "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on", "start");
        running = true;
    }

    /// <summary>Stops the server process at once (<c>pg_ctl stop -m immediate</c>: no shutdown checkpoint, as a crash).</summary>
    public async Task StopAsync()
    {
        await PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        running = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (running) await StopAsync();
        Directory.Delete(root, recursive: true);
    }

    private Task PgAsync(string tool, params string[] args)
    {
        string path = Path.Combine(bin, tool);
        return Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
