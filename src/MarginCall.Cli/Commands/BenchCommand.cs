using System.CommandLine;
using MarginCall.Bench;
using MarginCall.Cli.Terminal;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall bench</c>: the whole-scale engine bench (<see cref="BenchRunner"/>) — a generated population through
/// the candidate index and the full scan on the same price path, then an index-only leg at scale. Prints a table and
/// writes the report as JSON. See docs/PERFORMANCE.md, "Engine bench".
/// </summary>
internal static class BenchCommand
{
    /// <summary>Builds the <c>bench</c> subcommand.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var defaults = new BenchOptions();
        var accounts = CliOptions.Int("--accounts", "Accounts in the generated population.", defaults.Accounts, 1, 50_000_000);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the population, price path and command mix.", DefaultValueFactory = _ => defaults.Seed };
        var compareCalm = CliOptions.Int("--compare-calm-ticks", "Calm ticks run through both the index and the full scan.", defaults.CompareCalmTicks, 0, 100_000_000);
        var compareCrash = CliOptions.Int("--compare-crash-ticks", "Crash ticks run through both engines.", defaults.CompareCrashTicks, 0, 100_000_000);
        var scaleCalm = CliOptions.Int("--scale-calm-ticks", "Calm ticks of the index-only leg.", defaults.ScaleCalmTicks, 0, 100_000_000);
        var throughput = CliOptions.Int("--throughput-commands", "Plain commands of the throughput phase.", defaults.ThroughputCommands, 0, 1_000_000_000);
        var scaleCrash = CliOptions.Int("--scale-crash-ticks", "Crash ticks of the index-only leg.", defaults.ScaleCrashTicks, 0, 100_000_000);
        var memoryProbe = CliOptions.Int("--memory-probe-accounts", "Accounts of the two-position memory probe [default: --accounts; 0 skips it].", 0, 50_000_000);
        var skipFullScan = new Option<bool>("--skip-full-scan") { Description = "Run the comparison path through the index only." };
        var autoLiquidate = new Option<bool>("--auto-liquidate") { Description = "Let the engine run the liquidation pipeline (off: detection, states and margin calls only)." };
        var output = CliOptions.Output("Where to write the JSON report.", "out/bench/bench-report.json");

        var command = new Command("bench", "Engine bench at scale: candidate index vs full scan, latency, throughput, memory.")
        {
            accounts, seed, compareCalm, compareCrash, scaleCalm, throughput, scaleCrash, memoryProbe, skipFullScan, autoLiquidate, output,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(accounts);
            var options = defaults with
            {
                Accounts = n,
                Seed = parse.GetValue(seed),
                CompareCalmTicks = parse.GetValue(compareCalm),
                CompareCrashTicks = parse.GetValue(compareCrash),
                ScaleCalmTicks = parse.GetValue(scaleCalm),
                ThroughputCommands = parse.GetValue(throughput),
                ScaleCrashTicks = parse.GetValue(scaleCrash),
                MemoryProbeAccounts = parse.GetValue(memoryProbe) ?? n,
                SkipFullScan = parse.GetValue(skipFullScan),
                AutoLiquidate = parse.GetValue(autoLiquidate),
            };
            if (options.Validate() is { } problem)
            {
                // BenchOptions names its properties; the user typed options.
                foreach (var (property, option) in OptionNames)
                {
                    problem = problem.Replace(property, option, StringComparison.Ordinal);
                }

                parse.InvocationConfiguration.Error.WriteLine($"error: bench: {problem}");
                return ExitCodes.Usage;
            }

            var error = parse.InvocationConfiguration.Error;
            var reportFile = new FileInfo(parse.GetValue(output)!);
            try
            {
                Outputs.OutputFolder.Prepare(reportFile.DirectoryName!);
            }
            catch (Outputs.OutputException e)
            {
                error.WriteLine("error: " + SafeText.Line(e.Message));
                return ExitCodes.RefusedInput;
            }

            var report = BenchRunner.Run(options, line => error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}"));
            var console = parse.InvocationConfiguration.Output;
            console.Write(BenchReportText.ToTable(report));
            var file = reportFile;
            var temp = Path.Combine(file.DirectoryName!, $".{file.Name}.tmp-{Environment.ProcessId}");
            File.WriteAllText(temp, BenchReportText.ToJson(report));
            File.Move(temp, file.FullName, overwrite: true);
            console.WriteLine($"report: {file.FullName}");
            return options.SkipFullScan || report.Comparison.Identical ? 0 : 1;
        });
        return command;
    }

    private static readonly (string Property, string Option)[] OptionNames =
    [
        ("MemoryProbeAccounts", "--memory-probe-accounts"),
        ("ThroughputCommands", "--throughput-commands"),
        ("Accounts", "--accounts"),
    ];
}
