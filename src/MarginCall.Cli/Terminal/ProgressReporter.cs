using System.Diagnostics;
using System.Globalization;

namespace MarginCall.Cli.Terminal;

/// <summary>
/// Progress on stderr, whether stdout is redirected or not: a one-line bar redrawn in place when stderr is a terminal,
/// and plain lines otherwise (one per 10% of the work, so a CI log gets ten lines, not thousands). The time left comes
/// from <see cref="EtaEstimator"/>. The callback may be called from several threads. Cancellation is checked on every
/// call: a cancelled run stops at its next progress report.
/// </summary>
internal sealed class ProgressReporter
{
    private readonly TextWriter error;
    private readonly string label;
    private readonly string unit;
    private readonly bool terminal;
    private readonly CancellationToken cancellation;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly EtaEstimator eta = new();
    private readonly Lock gate = new();
    private int lastDecile = -1;
    private TimeSpan lastDraw = TimeSpan.MinValue;
    private bool drawn;

    public ProgressReporter(TextWriter error, string label, string unit, bool terminal, CancellationToken cancellation)
    {
        this.error = error;
        this.label = Simulation.Scenarios.SafeText.Escape(label, 40);
        this.unit = unit;
        this.terminal = terminal;
        this.cancellation = cancellation;
    }

    /// <summary>Reports (done, total).</summary>
    /// <exception cref="OperationCanceledException">The run was interrupted.</exception>
    public void Report(int done, int total)
    {
        cancellation.ThrowIfCancellationRequested();
        lock (gate)
        {
            var elapsed = clock.Elapsed;
            var left = eta.Update(elapsed, done, total);
            var fraction = total > 0 ? (double)done / total : 1;
            if (terminal)
            {
                if (elapsed - lastDraw < TimeSpan.FromMilliseconds(100) && done < total)
                {
                    return;
                }

                lastDraw = elapsed;
                const int width = 30;
                var filled = (int)Math.Round(fraction * width);
                var bar = new string('#', filled) + new string('.', width - filled);
                error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{label} [{bar}] {fraction * 100,3:0}% {Left(left),-14}"));
                drawn = true;
            }
            else
            {
                var decile = (int)Math.Floor(fraction * 10);
                if (decile <= lastDecile)
                {
                    return;
                }

                lastDecile = decile;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {fraction * 100:0}% ({done:N0}/{total:N0} {unit}), {elapsed.TotalSeconds:0} s elapsed{(left is null || done >= total ? "" : ", " + Left(left))}"));
            }
        }
    }

    /// <summary>Ends the bar's line (terminal only).</summary>
    public void Finish()
    {
        lock (gate)
        {
            if (terminal && drawn)
            {
                error.WriteLine();
                drawn = false;
            }
        }
    }

    private static string Left(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "";
        }

        // Rounded to 5 s above a minute: the figure is an estimate, its last digit would only flicker.
        var rounded = s > 60 ? Math.Round(s / 5) * 5 : Math.Round(s);
        var time = TimeSpan.FromSeconds(rounded);
        return string.Create(CultureInfo.InvariantCulture, $"~{(int)time.TotalMinutes}:{time.Seconds:00} left");
    }
}
