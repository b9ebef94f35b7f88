using MarginCall.Storage.Journal;

namespace MarginCall.Storage.Tests;

public sealed class FileJournalTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string Dir => temp.Path;

    [Fact]
    public async Task Segments_roll_at_the_size_and_are_named_by_their_first_sequence()
    {
        await using (var journal = FileJournal.Open(Dir, new FileJournalOptions { FirstSequence = 1, SegmentBytes = 2048 }))
        {
            for (long s = 1; s <= 300; s += 10) await Payloads.AppendRange(journal, s, 10);
            Assert.True(journal.SegmentCount > 3, $"only {journal.SegmentCount} segments");
        }
        var names = Directory.GetFiles(Dir, "*.journal").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal("00000000000000000001.journal", names[0]);
        await using var reopened = FileJournal.Open(Dir, Payloads.FromOne);
        var records = await Payloads.ReadAll(reopened);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(Payloads.For(r.Sequence), r.Payload.ToArray()));
        Assert.Equal(301, reopened.NextSequence);
    }

    [Fact]
    public async Task Concurrent_appends_share_fsyncs()
    {
        await using var journal = FileJournal.Open(Dir, Payloads.FromOne);
        await Payloads.AppendRange(journal, 1, 5000);
        Assert.True(journal.Batches < 5000, $"{journal.Batches} batches for 5000 records");
    }

    [Fact]
    public async Task A_linger_bound_batches_even_sequential_appends_without_waiting_forever()
    {
        var options = new FileJournalOptions { FirstSequence = 1, GroupCommit = new GroupCommitOptions(MaxRecords: 8, MaxDelay: TimeSpan.FromMilliseconds(20)) };
        await using var journal = FileJournal.Open(Dir, options);
        var acks = Enumerable.Range(1, 64).Select(i => journal.AppendAsync(i, Payloads.For(i))).ToList();
        await Task.WhenAll(acks);
        Assert.InRange(journal.Batches, 8, 63);
    }

    [Fact]
    public async Task A_second_writer_is_refused_until_the_first_closes()
    {
        var first = FileJournal.Open(Dir, Payloads.FromOne);
        Assert.Throws<JournalLockedException>(() => FileJournal.Open(Dir, Payloads.FromOne));
        await first.DisposeAsync();
        await using var second = FileJournal.Open(Dir, Payloads.FromOne);
        Assert.Equal(1, second.NextSequence);
    }

    [Fact]
    public async Task A_torn_last_record_is_truncated_and_the_log_continues()
    {
        await using (var journal = FileJournal.Open(Dir, Payloads.FromOne)) await Payloads.AppendRange(journal, 1, 20);
        string segment = Directory.GetFiles(Dir, "*.journal").Single();
        long cleanLength = new FileInfo(segment).Length;
        // Half a frame: what a crash in the middle of an unacknowledged write leaves behind.
        var frame = new byte[SegmentFormat.FrameSize(40)];
        SegmentFormat.WriteFrame(frame, 21, new byte[40]);
        await using (var stream = new FileStream(segment, FileMode.Append)) stream.Write(frame, 0, 30);

        await using var reopened = FileJournal.Open(Dir, Payloads.FromOne);
        Assert.Equal(30, reopened.Recovery.TornBytesTruncated);
        Assert.Equal(cleanLength, new FileInfo(segment).Length);
        Assert.Equal(21, reopened.NextSequence);
        await reopened.AppendAsync(21, Payloads.For(21));
        Assert.Equal(21, (await Payloads.ReadAll(reopened)).Count);
    }

    [Fact]
    public async Task A_whole_last_frame_with_a_bad_checksum_is_a_torn_tail()
    {
        await using (var journal = FileJournal.Open(Dir, Payloads.FromOne)) await Payloads.AppendRange(journal, 1, 5);
        string segment = Directory.GetFiles(Dir, "*.journal").Single();
        FlipBit(segment, new FileInfo(segment).Length - 3);
        await using var reopened = FileJournal.Open(Dir, Payloads.FromOne);
        Assert.Equal(5, reopened.NextSequence);
        Assert.True(reopened.Recovery.TornBytesTruncated > 0);
    }

    [Fact]
    public async Task A_flipped_bit_in_a_middle_record_stops_recovery_naming_segment_offset_and_sequence()
    {
        await using (var journal = FileJournal.Open(Dir, Payloads.FromOne)) await Payloads.AppendRange(journal, 1, 10);
        string segment = Directory.GetFiles(Dir, "*.journal").Single();
        long offset = SegmentFormat.HeaderSize;
        for (long s = 1; s < 5; s++) offset += SegmentFormat.FrameSize(Payloads.For(s).Length);
        FlipBit(segment, offset + SegmentFormat.FrameHeaderSize + 2);

        var error = Assert.Throws<JournalCorruptException>(() => FileJournal.Open(Dir, Payloads.FromOne));
        Assert.Equal(Path.GetFileName(segment), error.Segment);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(5, error.Sequence);
        Assert.Equal(new FileInfo(segment).Length, SegmentLength(10));
    }

    [Fact]
    public async Task A_flipped_bit_in_a_middle_length_field_is_not_mistaken_for_a_torn_tail()
    {
        await using (var journal = FileJournal.Open(Dir, Payloads.FromOne)) await Payloads.AppendRange(journal, 1, 10);
        string segment = Directory.GetFiles(Dir, "*.journal").Single();
        long offset = SegmentFormat.HeaderSize + SegmentFormat.FrameSize(Payloads.For(1).Length);
        FlipBit(segment, offset + 3); // high byte of record 2's length: the frame now claims to run past the end of the file
        var error = Assert.Throws<JournalCorruptException>(() => FileJournal.Open(Dir, Payloads.FromOne));
        Assert.Equal(2, error.Sequence);
    }

    [Fact]
    public async Task A_corrupt_record_in_an_earlier_segment_is_never_truncated()
    {
        await using (var journal = FileJournal.Open(Dir, new FileJournalOptions { FirstSequence = 1, SegmentBytes = 512 }))
            for (long s = 1; s <= 100; s += 5) await Payloads.AppendRange(journal, s, 5);
        string first = Directory.GetFiles(Dir, "*.journal").Order(StringComparer.Ordinal).First();
        FlipBit(first, new FileInfo(first).Length - 1);
        var error = Assert.Throws<JournalCorruptException>(() => FileJournal.Open(Dir, Payloads.FromOne));
        Assert.Equal(Path.GetFileName(first), error.Segment);
    }

    [Fact]
    public async Task A_missing_middle_segment_is_a_sequence_gap()
    {
        await using (var journal = FileJournal.Open(Dir, new FileJournalOptions { FirstSequence = 1, SegmentBytes = 512 }))
            for (long s = 1; s <= 100; s += 5) await Payloads.AppendRange(journal, s, 5);
        var segments = Directory.GetFiles(Dir, "*.journal").Order(StringComparer.Ordinal).ToList();
        File.Delete(segments[1]);
        var error = Assert.Throws<JournalCorruptException>(() => FileJournal.Open(Dir, Payloads.FromOne));
        Assert.Contains("gap", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RetentionPolicy.Delete)]
    [InlineData(RetentionPolicy.Archive)]
    [InlineData(RetentionPolicy.Keep)]
    public async Task Retention_handles_only_segments_wholly_before_the_snapshot(RetentionPolicy policy)
    {
        var options = new FileJournalOptions { FirstSequence = 1, SegmentBytes = 512, Retention = policy };
        await using var journal = FileJournal.Open(Dir, options);
        for (long s = 1; s <= 100; s += 5) await Payloads.AppendRange(journal, s, 5);
        int before = journal.SegmentCount;
        await journal.ApplyRetentionAsync(50);
        var remaining = await Payloads.ReadAll(journal, 1);
        if (policy == RetentionPolicy.Keep)
        {
            Assert.Equal(before, journal.SegmentCount);
            Assert.Equal(1, remaining[0].Sequence);
            return;
        }
        Assert.True(journal.SegmentCount < before);
        Assert.InRange(remaining[0].Sequence, 2, 51); // the record after the snapshot is still there, nothing before the first kept segment
        Assert.Equal(100, remaining[^1].Sequence);
        Assert.Equal(policy == RetentionPolicy.Archive, Directory.Exists(Path.Combine(Dir, "archive")));
        await journal.DisposeAsync();
        await using var reopened = FileJournal.Open(Dir, Payloads.FromOne);
        Assert.Equal(101, reopened.NextSequence);
    }

    internal static void FlipBit(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x10));
    }

    private static long SegmentLength(int records)
    {
        long length = SegmentFormat.HeaderSize;
        for (long s = 1; s <= records; s++) length += SegmentFormat.FrameSize(Payloads.For(s).Length);
        return length;
    }
}
