using System.Globalization;
using MarginCall.Storage.Io;

namespace MarginCall.Storage.Snapshots;

/// <summary>
/// Snapshots as files <c>{sequence:D20}.snapshot</c>: written to a <c>.tmp</c> file, fsynced, renamed into place and the
/// directory fsynced, so a crash leaves either the old set or the new one — never a half-written snapshot under a real name.
/// </summary>
public sealed class FileSnapshotStore(string directory, int keep = 3) : ISnapshotStore
{
    private const string Extension = ".snapshot";

    /// <inheritdoc />
    public async Task SaveAsync(Snapshot snapshot, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(directory);
        byte[] bytes = SnapshotFormat.Encode(snapshot);
        string name = snapshot.Sequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;
        string final = Path.Combine(directory, name);
        string temp = final + ".tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellation).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, final, overwrite: true);
            DirectorySync.Sync(directory);
        }
        catch (IOException ex)
        {
            TryDelete(temp);
            throw new SnapshotException($"snapshot {name} not written: {ex.Message}", ex);
        }
        Prune();
    }

    /// <inheritdoc />
    public async Task<SnapshotLoad> LoadLatestAsync(CancellationToken cancellation = default)
    {
        var rejected = new List<SnapshotRejection>();
        foreach (var (sequence, path) in List())
        {
            byte[] bytes = await File.ReadAllBytesAsync(path, cancellation).ConfigureAwait(false);
            var snapshot = SnapshotFormat.TryDecode(bytes, sequence, out string? reason);
            if (snapshot is not null) return new SnapshotLoad(snapshot, rejected);
            rejected.Add(new SnapshotRejection(Path.GetFileName(path), sequence, reason!));
        }
        return new SnapshotLoad(null, rejected);
    }

    /// <summary>Snapshot files, newest first; leftover <c>.tmp</c> files (a crash mid-write) are ignored.</summary>
    private List<(long Sequence, string Path)> List()
    {
        var list = new List<(long, string)>();
        if (!Directory.Exists(directory)) return list;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            string file = Path.GetFileName(path);
            if (file.Length == 20 + Extension.Length
                && long.TryParse(file.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
                list.Add((sequence, path));
        }
        list.Sort((a, b) => b.Item1.CompareTo(a.Item1));
        return list;
    }

    /// <summary>Keeps the newest <c>keep</c> snapshots so a corrupt latest still has a predecessor to fall back on.</summary>
    private void Prune()
    {
        var list = List();
        for (int i = keep; i < list.Count; i++) TryDelete(list[i].Path);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: a leftover file is ignored by List() or re-pruned next time */ }
    }
}
