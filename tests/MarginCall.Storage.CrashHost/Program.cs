using MarginCall.Storage.CrashHost;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Snapshots;

// usage: MarginCall.Storage.CrashHost DIR TOTAL SEED WINDOW
// Opens (recovering) the journal in DIR/journal, resumes from the latest snapshot + tail, streams to TOTAL.
// usage: MarginCall.Storage.CrashHost rate DIR TOTAL WINDOW   — appends TOTAL records, prints the durable rate.
if (args[0] == "rate")
{
    await CrashWorkload.MeasureRateAsync(args[1], long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), Console.Out);
    return;
}
string dir = args[0];
long total = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
int seed = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
int window = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
await using var journal = FileJournal.Open(Path.Combine(dir, "journal"), CrashWorkload.JournalOptions);
var snapshots = new FileSnapshotStore(Path.Combine(dir, "snapshots"));
var (state, _, _) = await CrashWorkload.RecoverAsync(journal, snapshots);
stdout.WriteLine($"ready {journal.NextSequence}");
await CrashWorkload.StreamAsync(journal, snapshots, state, total, seed, window, stdout);
stdout.WriteLine("done");
