using Microsoft.Playwright;

namespace MarginCall.Reports.Tests;

/// <summary>
/// A test that needs Debian's chromium (scripts/ci/chromium.sh installs it and exports MARGINCALL_CHROMIUM). Without
/// it the test is skipped with the install command — locally only: under CI=true it runs and fails, so a CI machine
/// without the browser cannot pass by skipping.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null && !Chromium.InCi)
        {
            Skip = "chromium not found (install: apt-get install -y chromium, or set MARGINCALL_CHROMIUM); under CI=true this test fails instead";
        }
    }
}

/// <summary>Where the browser is, and how the browser tests start it (this file is shared with tests/MarginCall.Server.Tests).</summary>
public static class Chromium
{
    /// <summary>Starts Debian's chromium headless through Playwright, without Playwright's own browser download.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        Assert.True(Path is not null, "chromium is required under CI=true (scripts/ci/chromium.sh installs it): apt-get install -y chromium");
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = Path, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
    }

    /// <summary>A Playwright driver that never downloads a browser (the Debian one is used).</summary>
    public static Task<IPlaywright> PlaywrightAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        return Playwright.CreateAsync();
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>MARGINCALL_CHROMIUM if set and present, else the first chromium on PATH, else /usr/bin/chromium if present.</summary>
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("MARGINCALL_CHROMIUM") is { Length: > 0 } set && File.Exists(set))
        {
            return set;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
    }
}
