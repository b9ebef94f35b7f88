namespace MarginCall.Storage.Io;

/// <summary>
/// The file operations the journal needs, behind a seam so tests can inject a failing fsync or a full disk.
/// <see cref="Sync"/> must not return before the written bytes are on stable storage.
/// </summary>
internal interface IDurableFile : IDisposable
{
    long Length { get; }
    void Write(ReadOnlySpan<byte> bytes);
    void Sync();
}

/// <summary>Opens the segment files of a journal; replaced in fault-injection tests.</summary>
internal delegate IDurableFile DurableFileOpener(string path, bool create);

/// <summary>An append-only <see cref="FileStream"/>; <see cref="Sync"/> is <c>Flush(true)</c>, which is fsync on Unix.</summary>
internal sealed class DurableFile : IDurableFile
{
    private readonly FileStream stream;

    private DurableFile(FileStream stream) => this.stream = stream;

    public static IDurableFile Open(string path, bool create)
    {
        var stream = new FileStream(path, create ? FileMode.CreateNew : FileMode.Open, FileAccess.ReadWrite, FileShare.Read,
            bufferSize: 0, FileOptions.None);
        stream.Seek(0, SeekOrigin.End);
        return new DurableFile(stream);
    }

    public long Length => stream.Length;

    public void Write(ReadOnlySpan<byte> bytes) => stream.Write(bytes);

    public void Sync() => stream.Flush(flushToDisk: true);

    public void Dispose() => stream.Dispose();
}
