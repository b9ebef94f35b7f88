using System.Buffers;
using BenchmarkDotNet.Attributes;
using MarginCall.Engine;

namespace MarginCall.Benchmarks;

/// <summary>
/// Snapshots and the state hash at 10,000 and 100,000 accounts (one position each, the bench population of
/// <see cref="BenchWorld.Engine"/>): the state hash (the canonical encoding streamed through SHA-256), writing a snapshot
/// into a reused buffer, and loading one (decode, checksum, the re-encoding check and the rebuilt candidate index).
/// </summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private MarginEngine engine = null!;
    private ArrayBufferWriter<byte> output = null!;
    private byte[] snapshot = [];

    [Params(10_000, 100_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        engine = BenchWorld.Engine(Accounts);
        snapshot = engine.WriteSnapshot();
        output = new ArrayBufferWriter<byte>(snapshot.Length);
    }

    [Benchmark(Description = "state hash")]
    public byte[] Hash() => engine.StateHash();

    [Benchmark(Description = "write snapshot")]
    public int Write()
    {
        output.ResetWrittenCount();
        engine.WriteSnapshot(output);
        return output.WrittenCount;
    }

    [Benchmark(Description = "load snapshot")]
    public MarginEngine Load() => MarginEngine.LoadSnapshot(snapshot);
}
