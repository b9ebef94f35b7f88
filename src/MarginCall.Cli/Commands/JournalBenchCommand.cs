using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MarginCall.Bench;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall journal bench --dir DIR</c>: the journaling-cost bench (<see cref="JournalBench"/>): the same command stream
/// without and with the file journal, both rates and the cost. Progress on stderr, one JSON object on stdout.
/// </summary>
internal static class JournalBenchCommand
{
    public static Command Create()
    {
        var defaults = new JournalBenchOptions { Directory = "." };
        var dir = new Option<string>("--dir") { Description = "Where the journals are written (on the disk to measure); a round-N folder is made and removed", Required = true };
        var accounts = new Option<int>("--accounts") { Description = "Accounts of the bench population", DefaultValueFactory = _ => defaults.Accounts };
        var commands = new Option<int>("--commands") { Description = "Plain commands of the stream (time commands come on top)", DefaultValueFactory = _ => defaults.Commands };
        var rounds = new Option<int>("--rounds") { Description = "Rounds, each the stream without then with the journal", DefaultValueFactory = _ => defaults.Rounds };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the population and the stream", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("bench", "Journaling cost: the same command stream with and without the file journal (group commit), both rates and the ratio; then the recovery time")
        {
            dir, accounts, commands, rounds, seed,
        };
        command.SetAction(parse =>
        {
            var options = new JournalBenchOptions
            {
                Directory = parse.GetValue(dir)!,
                Accounts = parse.GetValue(accounts),
                Commands = parse.GetValue(commands),
                Rounds = parse.GetValue(rounds),
                Seed = parse.GetValue(seed),
            };
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (options.Validate() is { } problem)
            {
                var field = problem.Split(' ')[0];
                return JournalCommand.Refuse(error, "--" + field.ToLowerInvariant(), problem[(field.Length + 1)..]);
            }
            Directory.CreateDirectory(options.Directory);
            var figures = JournalBench.RunAsync(options, line => error.WriteLine(line)).GetAwaiter().GetResult();
            output.WriteLine(JsonSerializer.Serialize(new
            {
                accounts = figures.Accounts,
                commands = figures.Commands,
                plainCommandsPerSecond = Math.Round(figures.PlainRate),
                journaledCommandsPerSecond = Math.Round(figures.JournaledRate),
                journaledToPlain = Math.Round(figures.JournaledRate / figures.PlainRate, 3),
                cost = Math.Round(figures.Cost, 3),
                journalBytes = figures.JournalBytes,
                rounds = figures.Rounds.Select(r => new { plain = Math.Round(r.PlainRate), journaled = Math.Round(r.JournaledRate), submitLoop = Math.Round(r.SubmittedRate), fsyncs = r.Fsyncs }),
                snapshotBytes = figures.SnapshotBytes,
                recoverySeconds = Math.Round(figures.RecoverySeconds, 2),
                stateHashesEqual = figures.StateHashesEqual,
            }));
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"without journal {figures.PlainRate:N0} commands/s, with journal {figures.JournaledRate:N0} commands/s durable: journaling costs {figures.Cost:P1}; recovery (snapshot + {figures.Commands:N0}-command tail) {figures.RecoverySeconds:F2} s"));
            return figures.StateHashesEqual ? ExitCodes.Ok : ExitCodes.InternalError;
        });
        return command;
    }
}
