using System.Globalization;
using MarginCall.Storage.CrashHost;

// usage: MarginCall.Storage.CrashHost DIR TOTAL SEED WINDOW
// Opens (recovering) the engine log in DIR/journal + DIR/snapshots, streams CrashStream commands up to TOTAL, printing
// "ack N" as each becomes durable.
// usage: MarginCall.Storage.CrashHost rate DIR TOTAL WINDOW   — appends TOTAL raw records, prints the durable rate.
if (args[0] == "rate")
{
    await CrashWorkload.MeasureRateAsync(args[1], long.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), Console.Out);
    return;
}
string dir = args[0];
long total = long.Parse(args[1], CultureInfo.InvariantCulture);
int seed = int.Parse(args[2], CultureInfo.InvariantCulture);
int window = int.Parse(args[3], CultureInfo.InvariantCulture);
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
await using var journal = CrashWorkload.OpenJournal(dir);
var (engine, _) = await CrashWorkload.OpenAsync(journal, CrashWorkload.Snapshots(dir));
stdout.WriteLine($"ready {journal.NextSequence}");
await CrashWorkload.StreamAsync(engine, total, seed, window, stdout);
stdout.WriteLine("done");
