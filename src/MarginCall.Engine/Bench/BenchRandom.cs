namespace MarginCall.Engine.Bench;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny seeded generator whose sequence is fixed by this code, not by the
/// runtime's <see cref="Random"/> implementation, so a bench seed names the same population and path on every .NET.
/// </summary>
internal struct BenchRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextBits()
    {
        unchecked // the mixer relies on wrapping multiplication (the project checks arithmetic by default)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>).</summary>
    public int Next(int bound) => (int)((NextBits() >> 33) % (ulong)bound);

    /// <summary>Standard normal (Box–Muller; one of the pair is discarded for simplicity).</summary>
    public double NextGaussian()
    {
        var u = 1.0 - NextDouble();
        var v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
