// Convention: each subcommand lives in Commands/<Name>Command.cs as a static class exposing `static Command Create()`, registered in BuildRoot below.
using System.CommandLine;
using MarginCall.Cli.Commands;

namespace MarginCall.Cli;

/// <summary>Entry point of the <c>margincall</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs <paramref name="args"/> with the given writers (in-process, for tests).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) =>
        BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand BuildRoot() => new("MarginCall: deterministic margin-call (liquidation) engine")
    {
        InspectCommand.Create(),
        SimulateCommand.Create(),
        SweepCommand.Create(),
        BenchCommand.Create(),
        JournalCommand.Create(),
    };
}
