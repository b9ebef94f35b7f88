using CsCheck;
using MarginCall.Engine.Risk;

namespace MarginCall.Engine.Tests.Risk;

/// <summary>
/// The candidate index's heap against a plain list: after any interleaving of pushes, version bumps (stale entries),
/// drains to a bound and compactions, a drain yields exactly the live entries at or under the bound, and the heap
/// keeps every live entry above it.
/// </summary>
public class BandHeapProperties
{
    [Fact]
    public void Drain_yields_exactly_the_live_edges_at_or_under_the_bound()
    {
        Gen.Int[0, int.MaxValue].Sample(
            seed =>
            {
                var random = new Random(seed);
                var heap = new BandHeap();
                var versions = new int[64];
                var reference = new List<(long Key, int Slot, int Version)>();
                var drained = new List<int>();
                for (var step = 0; step < 3_000; step++)
                {
                    var action = random.Next(10);
                    if (action < 6)
                    {
                        var slot = random.Next(versions.Length);
                        if (random.Next(3) == 0)
                        {
                            versions[slot]++; // the account was re-tracked: its older edges are stale
                        }

                        var key = random.NextInt64(-1_000, 1_000);
                        heap.Push(key, slot, versions[slot], versions);
                        reference.Add((key, slot, versions[slot]));
                    }
                    else if (action < 9)
                    {
                        var bound = random.NextInt64(-1_100, 1_100);
                        drained.Clear();
                        heap.Drain(bound, versions, drained);
                        var expected = reference.Where(e => e.Key <= bound && versions[e.Slot] == e.Version).Select(e => e.Slot).Order().ToList();
                        Assert.Equal(expected, drained.Order().ToList());
                        reference.RemoveAll(e => e.Key <= bound);
                    }
                    else
                    {
                        heap.Compact(versions);
                        reference.RemoveAll(e => versions[e.Slot] != e.Version);
                        Assert.Equal(reference.Count, heap.Count);
                    }
                }
            },
            iter: 60,
            threads: 1);
    }
}
