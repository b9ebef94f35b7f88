using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarginCall.Cli.Outputs;
using MarginCall.Cli.Terminal;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Scenarios;
using MarginCall.Simulation.Sweeps;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall sweep SWEEP.json [-o DIR] [--paths N] [--parallelism N] [--allow-large] [--check]</c>: runs many seeds ×
/// parameter sets in parallel and writes the comparison table (sweep.csv, sweep.json, sweep-runs.csv, sweep.html,
/// manifest.json).
/// </summary>
internal static class SweepCommand
{
    /// <summary>The command, for the root command to register.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("sweep") { Description = "Sweep JSON (schema: docs/simulate.md)" };
        var output = CliOptions.Output("Output folder", "out/sweep/<sweep name>");
        var paths = CliOptions.Int("--paths", "Paths per parameter set [default: the file's paths]", 1, 10_000_000);
        var parallelism = CliOptions.Int("--parallelism", "Concurrent runs", Environment.ProcessorCount, 1, 1024);
        var allowLarge = CliOptions.AllowLarge();
        var check = CliOptions.Check();
        var command = new Command("sweep", "Run seeds × parameter sets in parallel and compare bad debt, cascades and slippage")
        {
            file, output, paths, parallelism, allowLarge, check,
        };
        command.SetAction(parse =>
        {
            var c = context() with { Output = parse.InvocationConfiguration.Output, Error = parse.InvocationConfiguration.Error };
            var folder = parse.GetResult(output) is { Implicit: false } ? parse.GetValue(output) : null;
            return Execute(parse.GetValue(file)!, folder, parse.GetValue(paths), parse.GetValue(parallelism), parse.GetValue(allowLarge), parse.GetValue(check), c);
        });
        return command;
    }

    /// <summary>The validation entry point on sweep text in memory (see <see cref="SimulateCommand.CheckText"/>).</summary>
    public static int CheckText(byte[] json, string name, string folder, RunLimits limits, TextWriter output, TextWriter error)
    {
        try
        {
            var spec = SweepRunner.Parse(json, name);
            var sets = SweepRunner.Prepare(spec, folder, limits, name, json);
            var target = OutputFolder.Default(Path.Combine("out", "sweep"), spec.Name);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok: {SafeText.Escape(name, 120)}: {sets.Length} sets × {spec.Paths} paths; would write to {SafeText.Escape(target, 120)}"));
            return ExitCodes.Ok;
        }
        catch (ScenarioException e)
        {
            return SimulateCommand.Refuse(error, e.Message);
        }
        catch (OutputException e)
        {
            return SimulateCommand.Refuse(error, e.Message);
        }
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Execute(string path, string? outputFolder, int? paths, int parallelism, bool allowLarge, bool checkOnly, CliContext context)
    {
        var error = context.Error;
        SweepSpec spec;
        LoadedScenario[] sets;
        string folder;
        string scenarioFile;
        try
        {
            (spec, var baseFolder) = SweepRunner.Load(path);
            if (paths is { } n)
            {
                spec = spec with { Paths = n };
            }

            sets = SweepRunner.Prepare(spec, baseFolder, allowLarge ? RunLimits.Large : RunLimits.Default, path);
            scenarioFile = sets[0].FileName; // the confined scenario path Prepare resolved
            folder = outputFolder ?? OutputFolder.Default(Path.Combine("out", "sweep"), spec.Name);
            if (checkOnly)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok: {SafeText.Escape(path, 120)}: {sets.Length} sets × {spec.Paths} paths; would write to {SafeText.Escape(folder, 120)}"));
                return ExitCodes.Ok;
            }

            OutputFolder.Prepare(folder);
        }
        catch (ScenarioException e)
        {
            return SimulateCommand.Refuse(error, e.Message);
        }
        catch (OutputException e)
        {
            return SimulateCommand.Refuse(error, e.Message);
        }

        var clock = Stopwatch.StartNew();
        var progress = new ProgressReporter(error, spec.Name, "runs", context.ErrorIsTerminal, context.Cancellation);
        SweepResult result;
        try
        {
            result = SweepRunner.Run(spec, sets, parallelism, progress.Report, context.Cancellation);
        }
        catch (LedgerRangeException e)
        {
            return SimulateCommand.Refuse(error, SimulateCommand.Beyond(scenarioFile, scenarioFile, e));
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
            outputs.Write("sweep.csv", SweepReport.ComparisonCsv(result));
            outputs.Write("sweep-runs.csv", SweepReport.RunsCsv(result));
            outputs.Write("sweep-paired.csv", SweepReport.PairedCsv(result));
            outputs.Write("sweep.json", SweepRunner.SummaryJson(result));
            outputs.Write("sweep.html", SweepReport.Html(result));
            context.Cancellation.ThrowIfCancellationRequested();
            files = outputs.Commit("sweep", path, spec.FirstSeed);
        }
        catch
        {
            outputs.Abandon();
            throw;
        }

        var inv = CultureInfo.InvariantCulture;
        var output = context.Output;
        output.WriteLine(string.Create(inv, $"{SafeText.Escape(result.Name, 80)}: {result.Sets.Count} sets x {result.Paths} paths of {SafeText.Escape(result.Scenario, 80)}, {elapsed.TotalSeconds:0.00} s wall clock"));
        foreach (var s in result.Sets)
        {
            output.WriteLine(string.Create(inv, $"  {SafeText.Escape(s.Name, 80)}: bad debt mean {s.BadDebt.Mean:0.##}, p95 {s.BadDebt.P95:0.##}, p99 {s.BadDebt.P99:0.##}, ES99 {s.BadDebt.ExpectedShortfall99:0.##}; fund drawdown mean {s.InsuranceFundDrawdown.Mean:0.##}, p99 {s.InsuranceFundDrawdown.P99:0.##}; cascade depth mean {s.CascadeDepth.Mean:0.##}, max {s.CascadeDepth.Max:0}"));
        }

        foreach (var f in files)
        {
            output.WriteLine($"  wrote {f}");
        }

        return ExitCodes.Ok;
    }
}
