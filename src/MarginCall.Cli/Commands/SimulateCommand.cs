using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall simulate SCENARIO.json [--out DIR] [--seed N]</c>: runs a scenario against the engine and writes
/// timeline.csv, summary.json and report.html (schema: docs/simulate.md).
/// </summary>
internal static class SimulateCommand
{
    /// <summary>Exit code for a scenario the simulator refuses.</summary>
    public const int BadInput = 2;

    /// <summary>The command, for the root command to register.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "Scenario JSON (schema: docs/simulate.md)" };
        var output = new Option<string>("--out") { Description = "Output folder (default: out/simulate/<scenario name>)" };
        var seed = new Option<ulong?>("--seed") { Description = "Seed override" };
        var command = new Command("simulate", "Run a scenario against the engine; write timeline.csv, summary.json and report.html") { file, output, seed };
        command.SetAction(parse => Execute(
            parse.GetValue(file)!,
            parse.GetValue(output),
            parse.GetValue(seed),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Execute(string path, string? outputFolder, ulong? seed, TextWriter output, TextWriter error)
    {
        LoadedScenario loaded;
        try
        {
            loaded = ScenarioLoader.Load(path);
        }
        catch (ScenarioException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: cannot read {path}: {e.Message}");
            return BadInput;
        }

        var clock = Stopwatch.StartNew();
        RunResult result;
        try
        {
            result = TerminalProgress.Run(loaded.Scenario.Name, progress => new SimulationRun(loaded, new RunOptions { Seed = seed, Progress = progress }).Run());
        }
        catch (ScenarioException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }

        var elapsed = clock.Elapsed;
        var folder = outputFolder ?? Path.Combine("out", "simulate", loaded.Scenario.Name);
        var files = SimulationRunner.WriteOutputs(result, folder);
        var s = result.Summary;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{s.Scenario}: seed {s.Seed}, {s.Accounts} accounts, {s.Steps} steps of {s.StepSeconds} s, {elapsed.TotalSeconds:0.00} s wall clock"));
        output.WriteLine(string.Create(inv, $"  bad debt {s.BadDebt:0.##} (peak {s.PeakBadDebt:0.##}), socialized loss {s.SocializedLoss:0.##}, insurance fund {s.InsuranceFund.Start:0.##} -> {s.InsuranceFund.End:0.##} (max drawdown {s.InsuranceFund.MaxDrawdown:0.##})"));
        output.WriteLine(string.Create(inv, $"  liquidated {s.AccountsLiquidated} accounts, {s.LiquidatedNotional:0.##} notional, slippage {s.SlippagePaid:0.##}, bankrupt {s.AccountsBankrupt}, saved {s.AccountsSavedByPartialLiquidation}, max cascade depth {s.MaxCascadeDepth}"));
        foreach (var f in files)
        {
            output.WriteLine($"  wrote {f}");
        }

        return 0;
    }
}
