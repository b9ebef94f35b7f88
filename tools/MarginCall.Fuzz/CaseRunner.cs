using CliEntry = MarginCall.Cli.Program;

namespace MarginCall.Fuzz;

/// <summary>
/// Runs one case through the real entry point, <see cref="CliEntry.Run"/> (argument parsing, the command, its output
/// writing and its error handling, as <c>margincall</c> runs them), in-process on a worker thread, and classifies how it
/// ended. A case that has not ended after the timeout is a hang: it is cancelled (the CLI's Ctrl-C path) and left
/// behind; its files are its own, so the next case does not meet them.
/// </summary>
internal static class CaseRunner
{
    /// <summary>The outcome and, for a crash or a hang, what was seen (escaped, cut).</summary>
    public static (Outcome Outcome, string Detail) Run(IReadOnlyList<string> args, TimeSpan timeout)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var interrupt = new CancellationTokenSource();
        var run = Task.Factory.StartNew(() => CliEntry.Run(args, output, error, errorIsTerminal: false, interrupt.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool finished;
        try
        {
            finished = run.Wait(timeout);
        }
        catch (AggregateException e)
        {
            return (Outcome.Crash, "exception escaped the entry point: " + Cut(e.InnerException?.ToString() ?? e.ToString()));
        }

        if (!finished)
        {
            interrupt.Cancel();
            return (Outcome.Hang, $"no end after {timeout.TotalSeconds:0} s");
        }

        var err = error.ToString();
        return run.Result switch
        {
            0 => (Outcome.Accepted, ""),
            2 when IsOneLineRefusal(err) => (Outcome.Refused, Cut(err)),
            64 => (Outcome.Usage, ""),
            var code => (Outcome.Crash, $"exit {code}: {Cut(err)}"),
        };
    }

    // The refusal is the last line of stderr (a run refused after it started may have printed progress lines before).
    private static bool IsOneLineRefusal(string error)
    {
        var lines = error.Split('\n');
        if (lines.Length < 2 || lines[^1] != "")
        {
            return false;
        }

        var refusal = lines[^2];
        return refusal.StartsWith("error: ", StringComparison.Ordinal)
            && refusal.Length <= 700
            && !refusal.Any(char.IsControl)
            && lines.Count(l => l.StartsWith("error: ", StringComparison.Ordinal)) == 1;
    }

    private static string Cut(string text)
    {
        var line = string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
        return line.Length <= 400 ? line : line[..400] + "…";
    }
}
