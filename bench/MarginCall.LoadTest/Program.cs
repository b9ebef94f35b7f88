using System.CommandLine;
using MarginCall.LoadTest;

// margincall-load: starts the service in-process (real Kestrel on a loopback port, the file journal with group commit in
// a temporary directory, as `margincall serve` runs it), drives the phases and prints a table; --out writes the JSON.
var phases = new Option<string>("--phases") { Description = "Comma-separated: host, throughput, latency, fanout", DefaultValueFactory = _ => string.Join(',', LoadOptions.AllPhases) };
var seconds = new Option<double>("--seconds") { Description = "Seconds per phase", DefaultValueFactory = _ => 10 };
var warmup = new Option<double>("--warmup") { Description = "Seconds of unmeasured warm-up", DefaultValueFactory = _ => 3 };
var accounts = new Option<int>("--accounts") { Description = "Funded accounts the deposits cycle over", DefaultValueFactory = _ => 1_000 };
var writers = new Option<int>("--writers") { Description = "Closed-loop connections", DefaultValueFactory = _ => 4 };
var batch = new Option<int>("--batch") { Description = "Commands per closed-loop request", DefaultValueFactory = _ => 1_000 };
var rate = new Option<int>("--rate") { Description = "Open-loop commands/s", DefaultValueFactory = _ => 10_000 };
var rateBatch = new Option<int>("--rate-batch") { Description = "Commands per open-loop request", DefaultValueFactory = _ => 10 };
var subscribers = new Option<int>("--subscribers") { Description = "Stream subscribers in the fan-out phase", DefaultValueFactory = _ => 100 };
var rounds = new Option<int>("--rounds") { Description = "Fan-out rounds (without, then with subscribers)", DefaultValueFactory = _ => 2 };
var data = new Option<string?>("--data") { Description = "Directory for the journal (default: a new temporary one, removed after)" };
var output = new Option<string?>("--out") { Description = "Write the report as JSON here" };
var root = new RootCommand("Load test of the MarginCall service over loopback") { phases, seconds, warmup, accounts, writers, batch, rate, rateBatch, subscribers, rounds, data, output };
root.SetAction(async (parse, cancellation) =>
{
    var options = new LoadOptions
    {
        Phases = parse.GetValue(phases)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Seconds = parse.GetValue(seconds),
        WarmupSeconds = parse.GetValue(warmup),
        Accounts = parse.GetValue(accounts),
        Writers = parse.GetValue(writers),
        Batch = parse.GetValue(batch),
        Rate = parse.GetValue(rate),
        RateBatch = parse.GetValue(rateBatch),
        Subscribers = parse.GetValue(subscribers),
        Rounds = parse.GetValue(rounds),
    };
    if (options.Invalid() is { } invalid)
    {
        Console.Error.WriteLine("error: " + invalid);
        return 2;
    }

    var given = parse.GetValue(data);
    var directory = given ?? Path.Combine(Path.GetTempPath(), "margincall-load-" + Guid.NewGuid().ToString("N"));
    if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
    {
        Console.Error.WriteLine($"error: --data: {directory} is not empty; the load needs a new log");
        return 2;
    }

    try
    {
        LoadReport report;
        await using (var service = await LoadService.StartAsync(directory, options.Accounts))
        {
            Console.Error.WriteLine($"service on {service.Address}, journal in {directory}, {service.SetupCommands:N0} set-up commands");
            report = await LoadRun.RunAsync(service, options, Console.Error);
        }

        report.WriteTable(Console.Out);
        if (parse.GetValue(output) is { } path) await File.WriteAllTextAsync(path, report.ToJson(), cancellation);
        return 0;
    }
    finally
    {
        if (given is null) Directory.Delete(directory, recursive: true);
    }
});
return await root.Parse(args).InvokeAsync();
