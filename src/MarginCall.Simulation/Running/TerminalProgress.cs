using Spectre.Console;

namespace MarginCall.Simulation.Running;

/// <summary>
/// A Spectre.Console progress bar for long runs, shown only when standard output and error are a terminal (never in
/// CI logs, pipes or files, where it would only add noise).
/// </summary>
public static class TerminalProgress
{
    /// <summary>Whether both standard output and error are a terminal.</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>
    /// Runs <paramref name="work"/>, handing it a (done, total) callback that drives a progress bar when interactive and
    /// does nothing otherwise. The callback may be called from several threads.
    /// </summary>
    public static T Run<T>(string label, Func<Action<int, int>?, T> work)
    {
        if (!IsInteractive)
        {
            return work(null);
        }

        return AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(label);
                var gate = new object();
                return work((done, total) =>
                {
                    lock (gate)
                    {
                        task.MaxValue = total;
                        task.Value = Math.Max(task.Value, done);
                    }
                });
            });
    }
}
