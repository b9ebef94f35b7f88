namespace MarginCall.Storage.Journal;

/// <summary>Read-only access to a journal directory (no writer lock, nothing truncated): for tools like <c>margincall journal</c>.</summary>
public static class JournalFiles
{
    /// <summary>
    /// Verifies every segment (headers, checksums, sequence continuity). A torn tail is reported in
    /// <see cref="RecoveryReport.TornBytesTruncated"/> (the bytes opening the journal would cut), not cut.
    /// </summary>
    /// <exception cref="JournalCorruptException">A corrupt record other than a torn tail, naming segment, offset and sequence.</exception>
    public static RecoveryReport Verify(string directory)
    {
        var walk = new WalkResult();
        foreach (var _ in SegmentWalker.Walk(directory, long.MaxValue, verifyAll: true, walk)) { }
        return new RecoveryReport(walk.Segments.Count, walk.Records, walk.NextSequence, walk.TornBytes);
    }

    /// <summary>The verified records from <paramref name="fromSequence"/> on, stopping before a torn tail.</summary>
    public static IEnumerable<JournalRecord> Read(string directory, long fromSequence = 0) =>
        SegmentWalker.Walk(directory, fromSequence, verifyAll: false, new WalkResult());
}
