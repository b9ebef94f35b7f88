using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarginCall.Cli.Outputs;
using MarginCall.Cli.Terminal;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Reporting;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall simulate SCENARIO.json [-o DIR] [--seed N] [--allow-large] [--check]</c>: runs a scenario against the
/// engine and writes timeline.csv, summary.json, report.html and manifest.json (schema: docs/simulate.md).
/// </summary>
internal static class SimulateCommand
{
    /// <summary>Exit code for a scenario the simulator refuses.</summary>
    public const int BadInput = ExitCodes.RefusedInput;

    /// <summary>The command, for the root command to register.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("scenario") { Description = "Scenario JSON (schema: docs/simulate.md)" };
        var output = CliOptions.Output("Output folder", "out/simulate/<scenario name>");
        var seed = CliOptions.Seed("Seed override [default: the scenario's seed]");
        var allowLarge = CliOptions.AllowLarge();
        var check = CliOptions.Check();
        var command = new Command("simulate", "Run a scenario against the engine; write timeline.csv, summary.json, report.html and manifest.json")
        {
            file, output, seed, allowLarge, check,
        };
        command.SetAction(parse =>
        {
            var c = context() with { Output = parse.InvocationConfiguration.Output, Error = parse.InvocationConfiguration.Error };
            var folder = parse.GetResult(output) is { Implicit: false } ? parse.GetValue(output) : null;
            return Execute(parse.GetValue(file)!, folder, parse.GetValue(seed), parse.GetValue(allowLarge), parse.GetValue(check), c);
        });
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Execute(string path, string? outputFolder, ulong? seed, bool allowLarge, bool checkOnly, CliContext context)
    {
        var error = context.Error;
        var limits = allowLarge ? RunLimits.Large : RunLimits.Default;
        LoadedScenario loaded;
        string folder;
        try
        {
            loaded = ScenarioCheck.Load(path, limits, seed);
            folder = outputFolder ?? OutputFolder.Default(Path.Combine("out", "simulate"), loaded.Scenario.Name);
            if (checkOnly)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok: {SafeText.Escape(path, 120)}: {loaded.Scenario.StepCount:N0} steps; would write to {SafeText.Escape(folder, 120)}"));
                return ExitCodes.Ok;
            }

            OutputFolder.Prepare(folder);
        }
        catch (ScenarioException e)
        {
            return Refuse(error, e.Message);
        }
        catch (OutputException e)
        {
            return Refuse(error, e.Message);
        }

        var clock = Stopwatch.StartNew();
        var progress = new ProgressReporter(error, loaded.Scenario.Name, "steps", context.ErrorIsTerminal, context.Cancellation);
        RunResult result;
        try
        {
            result = new SimulationRun(loaded, new RunOptions { Seed = seed, Progress = progress.Report }).Run();
        }
        catch (LedgerRangeException e)
        {
            return Refuse(error, Beyond(path, path, e));
        }
        finally
        {
            progress.Finish();
        }

        var elapsed = clock.Elapsed;
        var outputs = new AtomicOutputs(folder);
        IReadOnlyList<string> files;
        try
        {
            outputs.Write("timeline.csv", writer => TimelineCsv.Write(result, writer));
            outputs.Write("summary.json", ReportJson.Serialize(result.Summary));
            outputs.Write("report.html", HtmlReport.Render(result));
            context.Cancellation.ThrowIfCancellationRequested();
            files = outputs.Commit("simulate", path, result.Summary.Seed);
        }
        catch
        {
            outputs.Abandon();
            throw;
        }

        var s = result.Summary;
        var inv = CultureInfo.InvariantCulture;
        var output = context.Output;
        output.WriteLine(string.Create(inv, $"{SafeText.Escape(s.Scenario, 80)}: seed {s.Seed}, {s.Accounts} accounts, {s.Steps} steps of {s.StepSeconds} s, {elapsed.TotalSeconds:0.00} s wall clock"));
        output.WriteLine(string.Create(inv, $"  bad debt {s.BadDebt:0.##} (peak {s.PeakBadDebt:0.##}), socialized loss {s.SocializedLoss:0.##}, insurance fund {s.InsuranceFund.Start:0.##} -> {s.InsuranceFund.End:0.##} (max drawdown {s.InsuranceFund.MaxDrawdown:0.##})"));
        output.WriteLine(string.Create(inv, $"  liquidated {s.AccountsLiquidated} accounts, {s.LiquidatedNotional:0.##} notional, slippage {s.SlippagePaid:0.##}, bankrupt {s.AccountsBankrupt}, saved {s.AccountsSavedByPartialLiquidation}, max cascade depth {s.MaxCascadeDepth}"));
        foreach (var f in files)
        {
            output.WriteLine($"  wrote {f}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The validation entry point on text in memory (what <c>--check</c> does after reading the file; the fuzz tests call
    /// it): 0 and one "ok" line on <paramref name="output"/>, or <see cref="ExitCodes.RefusedInput"/> and one line on
    /// <paramref name="error"/>. <paramref name="folder"/> is where relative files resolve.
    /// </summary>
    public static int CheckText(byte[] json, string name, string folder, RunLimits limits, TextWriter output, TextWriter error)
    {
        try
        {
            var loaded = new LoadedScenario(ScenarioLoader.Parse(json, name), folder, name);
            ScenarioCheck.Validate(loaded, json, limits);
            var target = OutputFolder.Default(Path.Combine("out", "simulate"), loaded.Scenario.Name);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok: {SafeText.Escape(name, 120)}: {loaded.Scenario.StepCount:N0} steps; would write to {SafeText.Escape(target, 120)}"));
            return ExitCodes.Ok;
        }
        catch (ScenarioException e)
        {
            return Refuse(error, e.Message);
        }
        catch (OutputException e)
        {
            return Refuse(error, e.Message);
        }
    }

    /// <summary>The refusal of a run whose simulated path left the ledger's range, pointing at the price process.</summary>
    internal static string Beyond(string scenarioFile, string label, LedgerRangeException e)
    {
        var (line, column) = JsonLocator.Locate(ScenarioLoader.ReadFile(scenarioFile), "$.priceProcess");
        var problem = string.Create(CultureInfo.InvariantCulture, $"the run drew a value the ledger cannot hold ({e.ActualValue}); lower the volatility, jumps, duration or sizes");
        return new ScenarioException(label, "$.priceProcess", line, column, problem).Message;
    }

    /// <summary>Prints a refusal (one line, escaped) and returns <see cref="ExitCodes.RefusedInput"/>.</summary>
    internal static int Refuse(TextWriter error, string message)
    {
        error.WriteLine("error: " + SafeText.Line(message));
        return ExitCodes.RefusedInput;
    }
}
