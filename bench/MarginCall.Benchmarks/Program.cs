using BenchmarkDotNet.Running;

namespace MarginCall.Benchmarks;

/// <summary>
/// Micro-benchmarks of the engine's hot path (BenchmarkDotNet, memory diagnoser on every class). Run them in Release:
/// <c>dotnet run -c Release --project bench/MarginCall.Benchmarks -- --filter '*' --job short</c>.
/// The whole-scale bench is <c>margincall bench</c> (or <c>dotnet run -c Release --project bench/MarginCall.Benchmarks -- scale</c>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "scale")
        {
            ScaleRun.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
