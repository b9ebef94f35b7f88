namespace MarginCall.Engine.Risk;

/// <summary>
/// One rung of a <see cref="BandLadder"/>: the edges whose keys fall in one bucket, unordered, in a chain of the
/// ladder's fixed-size chunks (all full but the last). An empty bucket holds no chunk.
/// </summary>
internal struct BandBucket
{
    /// <summary>The first chunk of the chain (meaningful while <see cref="Count"/> is positive).</summary>
    public int Head;

    /// <summary>The last chunk of the chain, the one pushes append to.</summary>
    public int Tail;

    /// <summary>Edges held, live and stale.</summary>
    public int Count;
}
