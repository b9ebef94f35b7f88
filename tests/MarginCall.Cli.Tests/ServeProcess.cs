using System.Collections.Concurrent;
using System.Diagnostics;

namespace MarginCall.Cli.Tests;

/// <summary>
/// <c>margincall serve</c> as a real child process on a free loopback port: started with the given options, its
/// address read from the <c>listening on URL</c> line, every stderr line kept (and the pipes drained so the child never
/// blocks). Disposing kills it if it still runs.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly SemaphoreSlim arrived = new(0);
    private readonly Task reading;

    private ServeProcess(Process process)
    {
        Process = process;
        _ = process.StandardOutput.ReadToEndAsync();
        reading = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lines.Enqueue(line);
                arrived.Release();
            }

            arrived.Release();
        });
    }

    public Process Process { get; }

    /// <summary>The address it listens on.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Everything it wrote to stderr so far.</summary>
    public string Log => string.Join("\n", lines);

    /// <summary>The repository's root (the folder holding MarginCall.slnx).</summary>
    public static string Repository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MarginCall.slnx"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("not inside the repository");
    }

    /// <summary>Starts <c>serve --urls http://127.0.0.1:0</c> with <paramref name="options"/> and waits until it listens.</summary>
    public static async Task<ServeProcess> StartAsync(params string[] options)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "margincall.dll"), "serve", "--urls", "http://127.0.0.1:0" }.Concat(options)) start.ArgumentList.Add(arg);
        var serve = new ServeProcess(Process.Start(start)!);
        var listening = await serve.WaitForLineAsync("listening on ", TimeSpan.FromSeconds(60));
        serve.Address = new Uri(listening["listening on ".Length..]);
        return serve;
    }

    /// <summary>The first stderr line starting with <paramref name="prefix"/>, waiting up to <paramref name="timeout"/> for it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line) return line;
            var left = deadline - DateTime.UtcNow;
            if (reading.IsCompleted || left <= TimeSpan.Zero || !await arrived.WaitAsync(left))
            {
                Kill();
                throw new InvalidOperationException($"serve wrote no line starting with '{prefix}' (exited: {Process.HasExited}):\n{Log}");
            }
        }
    }

    /// <summary>SIGKILL, and wait for the exit.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
        arrived.Dispose();
    }
}
