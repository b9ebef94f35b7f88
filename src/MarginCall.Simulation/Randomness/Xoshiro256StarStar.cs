using System.Numerics;

namespace MarginCall.Simulation.Randomness;

/// <summary>
/// xoshiro256** 1.0 (Blackman and Vigna, https://prng.di.unimi.it/xoshiro256starstar.c), seeded through SplitMix64 as
/// its authors recommend. Implemented here rather than taken from <see cref="Random"/> so a seed gives the same stream
/// on every runtime version and platform: a scenario's seed fixes its run forever.
/// Not thread-safe; each run and each stream owns its generator.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong s0, s1, s2, s3;
    private double spareGaussian;
    private bool hasSpareGaussian;

    /// <summary>Creates a generator for <paramref name="seed"/> and an independent <paramref name="stream"/> number.</summary>
    public Xoshiro256StarStar(ulong seed, ulong stream = 0)
    {
        // SplitMix64 over seed and stream: distinct (seed, stream) pairs give unrelated states.
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        s0 = SplitMix64(ref x);
        s1 = SplitMix64(ref x);
        s2 = SplitMix64(ref x);
        s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1): never zero, so its logarithm is finite.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var range = (ulong)bound;
        while (true)
        {
            var product = (UInt128)NextUInt64() * range;
            var low = (ulong)product;
            if (low >= range || low >= (0UL - range) % range)
            {
                return (int)(product >> 64);
            }
        }
    }

    /// <summary>A standard normal variate (Marsaglia's polar method; the second variate of each pair is kept).</summary>
    public double NextGaussian()
    {
        if (hasSpareGaussian)
        {
            hasSpareGaussian = false;
            return spareGaussian;
        }

        double u, v, s;
        do
        {
            u = (2.0 * NextDouble()) - 1.0;
            v = (2.0 * NextDouble()) - 1.0;
            s = (u * u) + (v * v);
        }
        while (s >= 1.0 || s == 0.0);

        var factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        spareGaussian = v * factor;
        hasSpareGaussian = true;
        return u * factor;
    }

    /// <summary>A Poisson variate with mean <paramref name="mean"/> (Knuth's product method; meant for small means per step).</summary>
    public int NextPoisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        var limit = Math.Exp(-mean);
        var count = 0;
        var product = NextDouble();
        while (product > limit)
        {
            count++;
            product *= NextDouble();
        }

        return count;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
