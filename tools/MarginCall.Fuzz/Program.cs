using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MarginCall.Cli.Tests.Fuzz;

namespace MarginCall.Fuzz;

/// <summary>
/// The out-of-suite fuzzer (docs/simulate.md, "Robustness"): mutates the bundled inputs with the in-suite
/// <see cref="JsonMutator"/> and runs each case through the real <c>margincall</c> entry point — <c>simulate</c> over the
/// scenarios, <c>sweep</c> over the sweep files, <c>inspect</c> over the example snapshots — with a timeout per case,
/// then prints the outcome table. Exit 0 when no case crashed or hung, 1 otherwise.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var cases = new Option<int>("--cases") { Description = "Cases per command", DefaultValueFactory = _ => 10_000 };
        var commands = new Option<string[]>("--commands") { Description = "Commands to fuzz", DefaultValueFactory = _ => ["simulate", "sweep", "inspect"], AllowMultipleArgumentsPerToken = true };
        commands.AcceptOnlyFromAmong("simulate", "sweep", "inspect");
        var seed = new Option<int>("--seed") { Description = "Seed of the mutation choices (case i of a command uses seed and i)", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before a case counts as a hang", DefaultValueFactory = _ => 30 };
        var workers = new Option<int>("--workers") { Description = "Cases run at once", DefaultValueFactory = _ => 2 };
        var steps = new Option<int>("--steps") { Description = "Steps each scenario is cut to before mutation", DefaultValueFactory = _ => 30 };
        var accounts = new Option<int>("--accounts") { Description = "Accounts each population is cut to before mutation", DefaultValueFactory = _ => 20 };
        var paths = new Option<int>("--paths") { Description = "Paths each sweep is cut to before mutation", DefaultValueFactory = _ => 2 };
        var root = new RootCommand("Fuzz the margincall CLI over mutated bundled inputs and print the outcome table")
        {
            cases, commands, seed, timeout, workers, steps, accounts, paths,
        };
        root.SetAction(parse =>
        {
            var size = new RunSize(parse.GetValue(steps), parse.GetValue(accounts), parse.GetValue(paths));
            using var workspace = FuzzWorkspace.Create(FuzzWorkspace.FindRepository(Environment.CurrentDirectory), size);
            var settings = new Settings(parse.GetValue(cases), parse.GetValue(seed), TimeSpan.FromSeconds(parse.GetValue(timeout)), Math.Max(1, parse.GetValue(workers)));
            var tallies = parse.GetValue(commands)!.Select(c => Fuzz(c, workspace, settings)).ToArray();
            Console.WriteLine(Table(tallies, settings, size));
            foreach (var t in tallies)
            {
                foreach (var example in t.Examples)
                {
                    Console.WriteLine($"{t.Command}: {example}");
                }
            }

            return tallies.All(t => t.Count(Outcome.Crash) == 0 && t.Count(Outcome.Hang) == 0) ? 0 : 1;
        });
        return root.Parse(args).Invoke();
    }

    private static Tally Fuzz(string command, FuzzWorkspace workspace, Settings settings)
    {
        var corpus = command switch
        {
            "simulate" => workspace.Scenarios,
            "sweep" => workspace.Sweeps,
            _ => workspace.Snapshots,
        };
        var tally = new Tally(command);

        // Each shrunk input must itself run, or the mutations would only re-test the refusal of a broken base.
        for (var b = 0; b < corpus.Count; b++)
        {
            var (outcome, detail) = RunCase(command, workspace, -1 - b, Encoding.UTF8.GetBytes(corpus[b].Text), settings.Timeout);
            if (outcome != Outcome.Accepted)
            {
                throw new InvalidOperationException($"{command}: the unmutated {corpus[b].Name} is not accepted ({outcome}): {detail}");
            }
        }

        var clock = Stopwatch.StartNew();
        var done = 0;
        var threads = Enumerable.Range(0, settings.Workers).Select(w => new Thread(() =>
        {
            for (var i = w; i < settings.Cases; i += settings.Workers)
            {
                // Case i of a command is the same on any machine and any worker count: its choices come from (seed, i).
                var random = new Random(unchecked((settings.Seed * 1_000_003) + i));
                var input = corpus[random.Next(corpus.Count)];
                var (kind, where, what) = (random.Next(JsonMutator.Kinds), random.Next(), random.Next());
                var bytes = JsonMutator.Mutate(input.Text, kind, where, what);
                var (outcome, detail) = RunCase(command, workspace, i, bytes, settings.Timeout);
                tally.Add(outcome, $"case {i} ({input.Name}, mutation {kind}/{where}/{what}): {detail}");
                if (Interlocked.Increment(ref done) % 1_000 == 0)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{command}: {done:N0}/{settings.Cases:N0} cases, {clock.Elapsed.TotalSeconds:0} s"));
                }
            }
        }) { IsBackground = true }).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        tally.Elapsed = clock.Elapsed;
        return tally;
    }

    // Each case has its own input file and output folder (a hung case may still hold its own).
    private static (Outcome, string) RunCase(string command, FuzzWorkspace workspace, int index, byte[] bytes, TimeSpan timeout)
    {
        var folder = command == "inspect" ? workspace.Root : workspace.ScenarioFolder;
        var file = Path.Combine(folder, $"fuzz-{command}-{index}.json");
        var output = Path.Combine(workspace.Root, "out", $"{command}-{index}");
        File.WriteAllBytes(file, bytes);
        try
        {
            string[] args = command switch
            {
                "simulate" => ["simulate", file, "-o", output],
                "sweep" => ["sweep", file, "-o", output, "--parallelism", "1"],
                _ => ["inspect", file],
            };
            var result = CaseRunner.Run(args, timeout);
            if (result.Item1 != Outcome.Hang)
            {
                File.Delete(file);
                if (Directory.Exists(output))
                {
                    Directory.Delete(output, recursive: true);
                }
            }

            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (Outcome.Crash, "the fuzzer could not clean up: " + e.Message);
        }
    }

    private static string Table(IEnumerable<Tally> tallies, Settings settings, RunSize size)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"seed {settings.Seed}, {settings.Workers} workers, timeout {settings.Timeout.TotalSeconds:0} s per case; inputs cut to {size.Steps} steps, {size.Accounts} accounts, {size.Paths} sweep paths");
        text.AppendLine();
        text.AppendLine("| command | cases | accepted (exit 0) | refused (exit 2, one line) | usage errors (exit 64) | crashes | hangs | wall time |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in tallies)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Command} | {t.Total:N0} | {t.Count(Outcome.Accepted):N0} | {t.Count(Outcome.Refused):N0} | {t.Count(Outcome.Usage):N0} | {t.Count(Outcome.Crash):N0} | {t.Count(Outcome.Hang):N0} | {t.Elapsed.TotalSeconds:0} s |");
        }

        return text.ToString();
    }

    private sealed record Settings(int Cases, int Seed, TimeSpan Timeout, int Workers);

    /// <summary>Counts per outcome, and the first few crashes and hangs for the report.</summary>
    private sealed class Tally(string command)
    {
        private readonly int[] counts = new int[Enum.GetValues<Outcome>().Length];
        private readonly List<string> examples = [];

        public string Command { get; } = command;

        public TimeSpan Elapsed { get; set; }

        public int Total => counts.Sum();

        public IReadOnlyList<string> Examples => examples;

        public int Count(Outcome outcome) => counts[(int)outcome];

        public void Add(Outcome outcome, string detail)
        {
            lock (counts)
            {
                counts[(int)outcome]++;
                if (outcome is Outcome.Crash or Outcome.Hang && examples.Count < 10)
                {
                    examples.Add($"{outcome}: {detail}");
                }
            }
        }
    }
}
