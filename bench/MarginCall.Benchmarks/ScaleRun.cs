using System.Globalization;
using MarginCall.Bench;

namespace MarginCall.Benchmarks;

/// <summary>
/// Runs the whole-scale bench (<see cref="BenchRunner"/>) without the CLI: <c>scale [accounts] [json path]</c>.
/// The <c>margincall bench</c> command is the supported entry point; this host exists for profiling runs.
/// </summary>
public static class ScaleRun
{
    public static void Run(string[] args)
    {
        var options = new BenchOptions();
        if (args.Length > 0)
        {
            var accounts = int.Parse(args[0], CultureInfo.InvariantCulture);
            options = options with { Accounts = accounts, MemoryProbeAccounts = accounts };
        }

        var report = BenchRunner.Run(options, line => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}"));
        Console.WriteLine(BenchReportText.ToTable(report));
        if (args.Length > 1)
        {
            File.WriteAllText(args[1], BenchReportText.ToJson(report));
        }
    }
}
