// Convention: each subcommand lives in Commands/<Name>Command.cs as a static class exposing `static Command Create(...)`, registered in BuildRoot below.
using System.CommandLine;
using System.Globalization;
using MarginCall.Cli.Commands;
using MarginCall.Cli.Terminal;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli;

/// <summary>
/// Entry point of the <c>margincall</c> command. Exit codes (<see cref="ExitCodes"/>): 0 success, 1 internal error
/// (one line and the path of a file with the details), 2 refused input, 64 usage error, 130 interrupted.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        var terminal = !Console.IsErrorRedirected;
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C asks the run to stop at its next progress report; a second one ends the process.
            e.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
            if (!e.Cancel)
            {
                RestoreTerminal(terminal);
            }
        };
        var code = Run(args, Console.Out, Console.Error, terminal, interrupt.Token);
        if (code == ExitCodes.Interrupted)
        {
            RestoreTerminal(terminal);
        }

        return code;
    }

    /// <summary>Parses and runs <paramref name="args"/> with the given writers (in-process, for tests).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool errorIsTerminal = false, CancellationToken cancellation = default)
    {
        var context = new CliContext(output, error, errorIsTerminal, cancellation);
        var parse = BuildRoot(() => context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var name = command is RootCommand ? "margincall" : $"margincall {command.Name}";
            error.WriteLine($"error: {SafeText.Line(parse.Errors[0].Message, 300)} (see '{name} --help')");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine("interrupted: nothing written (previous outputs, if any, are untouched)");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            return InternalError(e, error);
        }
    }

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand BuildRoot(Func<CliContext> context) => new("MarginCall: deterministic margin-call (liquidation) engine")
    {
        InspectCommand.Create(context),
        SimulateCommand.Create(context),
        SweepCommand.Create(context),
        BenchCommand.Create(context),
        JournalCommand.Create(),
        ServeCommand.Create(),
        KeeperCommand.Create(),
    };

    /// <summary>A bug: one line on stderr, the whole exception in a file beside the temporary files.</summary>
    private static int InternalError(Exception e, TextWriter error)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var details = Path.Combine(Path.GetTempPath(), $"margincall-error-{stamp}-{Environment.ProcessId}.txt");
        try
        {
            File.WriteAllText(details, e.ToString());
        }
        catch (Exception write) when (write is IOException or UnauthorizedAccessException)
        {
            details = "(could not write the details: " + SafeText.Escape(write.Message, 100) + ")";
        }

        error.WriteLine($"internal error: {e.GetType().Name}: {SafeText.Line(e.Message, 200)}; details in {details}");
        return ExitCodes.InternalError;
    }

    // The bar never hides the cursor, but a run cut short can leave the line unfinished or a colour set: end the
    // line, reset attributes and show the cursor.
    private static void RestoreTerminal(bool terminal)
    {
        if (terminal)
        {
            Console.Error.Write("\u001b[0m\u001b[?25h\n");
        }
    }
}
