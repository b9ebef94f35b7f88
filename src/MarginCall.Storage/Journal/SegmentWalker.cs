namespace MarginCall.Storage.Journal;

/// <summary>What a walk over the segments found: where the log ends and whether a torn tail was cut.</summary>
internal sealed class WalkResult
{
    /// <summary>Segment first sequences, in order, with their paths.</summary>
    public List<(long FirstSequence, string Path)> Segments { get; } = [];
    /// <summary>The sequence after the last valid record.</summary>
    public long NextSequence { get; set; }
    /// <summary>Valid length of the last segment (the append position).</summary>
    public long LastSegmentValidLength { get; set; }
    /// <summary>Bytes past the last valid record in the last segment (a torn write), 0 if none.</summary>
    public long TornBytes { get; set; }
    /// <summary>Records checked.</summary>
    public long Records { get; set; }
}

/// <summary>
/// Reads and verifies a segment directory: headers, frame checksums, and sequence continuity within and across segments.
/// An invalid frame is a torn tail — the crash of an unacknowledged write — only if it is in the last segment and no
/// valid frame follows it; anything else is <see cref="JournalCorruptException"/>. Nothing is skipped silently.
/// </summary>
internal static class SegmentWalker
{
    /// <summary>Segment files of <paramref name="directory"/> in sequence order.</summary>
    public static List<(long FirstSequence, string Path)> ListSegments(string directory)
    {
        var segments = new List<(long, string)>();
        if (!Directory.Exists(directory)) return segments;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + SegmentFormat.Extension))
            if (SegmentFormat.TryParseFileName(Path.GetFileName(path), out long first)) segments.Add((first, path));
        segments.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return segments;
    }

    /// <summary>
    /// Walks every record with sequence ≥ <paramref name="fromSequence"/>, filling <paramref name="result"/>.
    /// Segments that end before <paramref name="fromSequence"/> are still verified when <paramref name="verifyAll"/>.
    /// </summary>
    public static IEnumerable<JournalRecord> Walk(string directory, long fromSequence, bool verifyAll, WalkResult result)
    {
        var segments = ListSegments(directory);
        result.Segments.AddRange(segments);
        long expected = -1;
        for (int i = 0; i < segments.Count; i++)
        {
            var (first, path) = segments[i];
            bool last = i == segments.Count - 1;
            string name = Path.GetFileName(path);
            if (expected >= 0 && first != expected)
                throw new JournalCorruptException(name, 0, expected, $"sequence gap between segments: segment starts at {first}");
            expected = first;
            bool skip = !verifyAll && !last && segments[i + 1].FirstSequence <= fromSequence;
            if (skip)
            {
                expected = segments[i + 1].FirstSequence;
                continue;
            }
            byte[] data = File.ReadAllBytes(path);
            string? headerProblem = SegmentFormat.CheckHeader(data, first);
            if (headerProblem is not null)
            {
                // A crash while creating the newest segment can leave it short or empty; it held nothing acknowledged.
                if (last && data.Length <= SegmentFormat.HeaderSize)
                {
                    result.TornBytes = data.Length;
                    result.LastSegmentValidLength = -1;
                    result.NextSequence = first;
                    yield break;
                }
                throw new JournalCorruptException(name, 0, first, headerProblem);
            }
            int offset = SegmentFormat.HeaderSize;
            while (offset < data.Length)
            {
                var rest = data.AsSpan(offset);
                if (!SegmentFormat.TryReadFrame(rest, out long sequence, out int size))
                {
                    if (!last) throw new JournalCorruptException(name, offset, expected, "bad frame (checksum or length) before the last segment");
                    if (ValidFrameFollows(data, offset, expected))
                        throw new JournalCorruptException(name, offset, expected, "bad frame (checksum or length) followed by valid records");
                    result.TornBytes = data.Length - offset;
                    break;
                }
                if (sequence != expected)
                    throw new JournalCorruptException(name, offset, expected, $"sequence {sequence} where {expected} was expected");
                result.Records++;
                if (sequence >= fromSequence)
                    yield return new JournalRecord(sequence, data.AsMemory(offset + SegmentFormat.FrameHeaderSize, size - SegmentFormat.FrameHeaderSize));
                expected++;
                offset += size;
            }
            if (last) result.LastSegmentValidLength = offset;
        }
        result.NextSequence = expected < 0 ? 0 : expected;
    }

    /// <summary>Whether a checksum-valid frame with a plausible sequence starts anywhere after <paramref name="badOffset"/>.</summary>
    private static bool ValidFrameFollows(byte[] data, int badOffset, long expected)
    {
        for (int p = badOffset + 1; p + SegmentFormat.FrameHeaderSize <= data.Length; p++)
            if (SegmentFormat.TryReadFrame(data.AsSpan(p), out long sequence, out _) && sequence >= expected && sequence - expected < 1 << 24)
                return true;
        return false;
    }
}
