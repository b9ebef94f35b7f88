using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using MarginCall.Cli.Commands;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Tests.Fuzz;

/// <summary>
/// Generated malformed inputs through the CLI's validation entry points (the code <c>--check</c> and every run go
/// through first): mutated bundled scenarios, a mutated sweep, mutated inspect snapshots, 10,000 cases each. Every
/// case must end as exactly one of: accepted (exit 0, one "ok" line on stdout, nothing on stderr) or refused (exit 2,
/// nothing on stdout, one line on stderr naming file, line and field, no control characters). An exception, another
/// exit code or a second line fails the property, and CsCheck prints the shrunk case. Run-size limits are lowered so
/// a mutation that grows a run is refused instead of validated at length; the sizes of the bundled files stay within.
/// </summary>
public sealed partial class InputFuzzProperties
{
    private const int Cases = 10_000;

    // Lower than the defaults: 20,000 accounts (the BTC replay) is the largest bundled population the corpus checks.
    private static readonly RunLimits FuzzLimits = new(MaxSteps: 200_000, MaxAccounts: 25_000, MaxRuns: 2_000);

    private static readonly string[] ScenarioCorpus = ["flash-crash.json", "gbm-stress.json", "slow-grind.json", "btc-eth-regimes.json", "btc-2020-03-12.json"];

    private static readonly Gen<(int File, int Kind, int Where, int What)> Choices =
        Gen.Select(Gen.Int[0, 1_000], Gen.Int[0, JsonMutator.Kinds - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]);

    [Fact]
    public void Mutated_scenarios_are_accepted_or_refused_with_one_line()
    {
        var texts = ScenarioCorpus.Select(f => File.ReadAllText(RepoFiles.Scenario(f))).ToArray();
        var folder = Path.Combine(RepoFiles.Root, "scenarios");
        var refused = 0;
        Choices.Sample(c =>
        {
            var file = c.File % texts.Length;
            var bytes = JsonMutator.Mutate(texts[file], c.Kind, c.Where, c.What);
            var name = "fuzz-" + ScenarioCorpus[file];
            var outcome = Run((o, e) => SimulateCommand.CheckText(bytes, name, folder, FuzzLimits, o, e));
            if (AssertAcceptedOrRefused(outcome, Regex.Escape(name), "\\$"))
            {
                Interlocked.Increment(ref refused);
            }
        }, iter: Cases, threads: 2);

        // The mutations must mostly hit the refusal path, or the property proves little.
        Assert.True(refused > Cases / 2, $"only {refused} of {Cases} mutations were refused");
    }

    [Fact]
    public void Mutated_sweeps_are_accepted_or_refused_with_one_line()
    {
        // A sweep over the small flash-crash scenario, so every case validates its sets quickly.
        const string sweep = """
            {
              "name": "fuzz-sweep",
              "scenario": "flash-crash.json",
              "paths": 20,
              "firstSeed": 7,
              "overrides": { "keeper": { "minProfit": 0.003 } },
              "parameterSets": [
                { "name": "partial", "set": { "engine": { "parameters": { "maxPositionPortionPerWindow": 0.25 } } } },
                { "name": "thin", "set": { "liquidity": { "notionalPerLevel": 20000, "refillPerStep": 0.02 }, "priceProcess": { "noise": null } } }
              ]
            }
            """;
        var folder = Path.Combine(RepoFiles.Root, "scenarios");
        var refused = 0;
        Choices.Sample(c =>
        {
            var bytes = JsonMutator.Mutate(sweep, c.Kind, c.Where, c.What);
            var outcome = Run((o, e) => SweepCommand.CheckText(bytes, "fuzz-sweep.json", folder, FuzzLimits, o, e));
            // Refusals name the sweep file, or the scenario file it names (which a mutation may have changed).
            if (AssertAcceptedOrRefused(outcome, ".+?", "\\$"))
            {
                Interlocked.Increment(ref refused);
            }
        }, iter: Cases, threads: 2);

        Assert.True(refused > Cases / 2, $"only {refused} of {Cases} mutations were refused");
    }

    [Fact]
    public void Mutated_inspect_snapshots_are_accepted_or_refused_with_one_line()
    {
        string[] corpus = ["inspect.json", "inspect-dydx.json", "inspect-tier-jump.json"];
        var texts = corpus.Select(f => File.ReadAllText(RepoFiles.Example(f))).ToArray();
        var refused = 0;
        Choices.Sample(c =>
        {
            var file = c.File % texts.Length;
            var bytes = JsonMutator.Mutate(texts[file], c.Kind, c.Where, c.What);
            var name = "fuzz-" + corpus[file];
            var outcome = Run((o, e) =>
            {
                if (InspectCommand.Check(bytes, name, e) is not { } report)
                {
                    return InspectCommand.BadInput;
                }

                o.WriteLine("ok: " + report.Length);
                return 0;
            });
            if (AssertAcceptedOrRefused(outcome, Regex.Escape(name), "[\\w$]"))
            {
                Interlocked.Increment(ref refused);
            }
        }, iter: Cases, threads: 2);

        Assert.True(refused > Cases / 2, $"only {refused} of {Cases} mutations were refused");
    }

    [Fact]
    public void Mutated_sweep_options_are_accepted_or_a_usage_error_naming_the_option()
    {
        string[] values = ["0", "-3", "x", "1e3", "", "99999999999", "2147483648", "1", "4", " 2", "0x10", "\u001b[2J"];
        Gen.Select(Gen.Int[0, values.Length - 1], Gen.Int[0, values.Length - 1], Gen.Bool).Sample((p, q, both) =>
        {
            string[] args = both
                ? ["sweep", RepoFiles.Scenario("gbm-stress-sweep.json"), "--paths", values[p], "--parallelism", values[q], "--check"]
                : ["sweep", RepoFiles.Scenario("gbm-stress-sweep.json"), "--paths", values[p], "--check"];
            var run = CliRun.Of(args);
            Assert.True(run.ExitCode is 0 or 64, $"exit {run.ExitCode}: {run.Err}");
            if (run.ExitCode == 64)
            {
                CliRun.AssertOneLine(run.Err);
                Assert.Matches("^error: --(paths|parallelism): ", run.Err);
            }
        }, iter: 100);
    }

    /// <summary>Asserts one of the two clean outcomes; true when refused.</summary>
    private static bool AssertAcceptedOrRefused((int Code, string Out, string Err) outcome, string namePattern, string fieldStart)
    {
        var (code, output, error) = outcome;
        if (code == 0)
        {
            Assert.Equal("", error);
            CliRun.AssertOneLine(output);
            Assert.StartsWith("ok: ", output, StringComparison.Ordinal);
            return false;
        }

        Assert.True(code == ExitCodes.RefusedInput, $"exit {code}: {error}");
        Assert.Equal("", output);
        CliRun.AssertOneLine(error);
        // A refusal names the input at fault: the file itself (file:line: field), or a file it references, such as a
        // replay or population CSV a mutation pointed elsewhere (that file:line: column).
        Assert.Matches("^error: (" + namePattern + ":\\d+(:\\d+)?: " + fieldStart + "|[^:\\s]+:\\d+: [A-Za-z]+: )", error);
        Assert.True(error.Length <= 700, $"{error.Length} characters");
        return true;
    }

    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> check)
    {
        var output = new StringWriter(new StringBuilder());
        var error = new StringWriter(new StringBuilder());
        var code = check(output, error);
        return (code, output.ToString(), error.ToString());
    }
}
