using System.CommandLine;
using MarginCall.Bench;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall bench</c>: the whole-scale engine bench (<see cref="BenchRunner"/>) — a generated population through
/// the candidate index and the full scan on the same price path, then an index-only leg at scale. Prints a table and
/// writes the report as JSON. See docs/PERFORMANCE.md, "Engine bench".
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the <c>bench</c> subcommand.</summary>
    public static Command Create()
    {
        var defaults = new BenchOptions();
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the generated population.", DefaultValueFactory = _ => defaults.Accounts };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the population, price path and command mix.", DefaultValueFactory = _ => defaults.Seed };
        var compareCalm = new Option<int>("--compare-calm-ticks") { Description = "Calm ticks run through both the index and the full scan.", DefaultValueFactory = _ => defaults.CompareCalmTicks };
        var compareCrash = new Option<int>("--compare-crash-ticks") { Description = "Crash ticks run through both engines.", DefaultValueFactory = _ => defaults.CompareCrashTicks };
        var scaleCalm = new Option<int>("--scale-calm-ticks") { Description = "Calm ticks of the index-only leg.", DefaultValueFactory = _ => defaults.ScaleCalmTicks };
        var throughput = new Option<int>("--throughput-commands") { Description = "Plain commands of the throughput phase.", DefaultValueFactory = _ => defaults.ThroughputCommands };
        var scaleCrash = new Option<int>("--scale-crash-ticks") { Description = "Crash ticks of the index-only leg.", DefaultValueFactory = _ => defaults.ScaleCrashTicks };
        var memoryProbe = new Option<int?>("--memory-probe-accounts") { Description = "Accounts of the two-position memory probe (default: --accounts; 0 skips it)." };
        var skipFullScan = new Option<bool>("--skip-full-scan") { Description = "Run the comparison path through the index only." };
        var autoLiquidate = new Option<bool>("--auto-liquidate") { Description = "Let the engine run the liquidation pipeline (off: detection, states and margin calls only)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the JSON report.", DefaultValueFactory = _ => new FileInfo("bench-report.json") };

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
                parse.InvocationConfiguration.Error.WriteLine($"bench: {problem}");
                return 2;
            }

            var error = parse.InvocationConfiguration.Error;
            var report = BenchRunner.Run(options, line => error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}"));
            var console = parse.InvocationConfiguration.Output;
            console.Write(BenchReportText.ToTable(report));
            var file = parse.GetValue(output)!;
            File.WriteAllText(file.FullName, BenchReportText.ToJson(report));
            console.WriteLine($"report: {file.FullName}");
            return options.SkipFullScan || report.Comparison.Identical ? 0 : 1;
        });
        return command;
    }
}
