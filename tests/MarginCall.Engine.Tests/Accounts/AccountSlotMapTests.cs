using MarginCall.Engine.Accounts;

namespace MarginCall.Engine.Tests.Accounts;

/// <summary>
/// The id → slot map keeps dense ids in a paged table and any other id in a dictionary; a lookup must not care which.
/// </summary>
public sealed class AccountSlotMapTests
{
    [Fact]
    public void Dense_ids_map_to_their_slots_across_many_pages()
    {
        var map = new AccountSlotMap();
        for (var id = 1; id <= 20_000; id++)
        {
            map.Add(id, id - 1);
        }

        Assert.Equal(20_000, map.Count);
        for (var id = 1; id <= 20_000; id++)
        {
            Assert.Equal(id - 1, map.SlotOf(id));
        }

        Assert.Equal(-1, map.SlotOf(0));
        Assert.Equal(-1, map.SlotOf(20_001));
        Assert.Equal(-1, map.SlotOf(1L << 40));
    }

    [Fact]
    public void Sparse_negative_and_huge_ids_are_found_like_dense_ones()
    {
        long[] ids = [0, -1, long.MinValue, long.MaxValue, 1L << 32, 4_096, 4_095, 8_191, 8_192, 1_000_000_007, -4_096, int.MaxValue, 3];
        var map = new AccountSlotMap();
        for (var slot = 0; slot < ids.Length; slot++)
        {
            map.Add(ids[slot], slot);
        }

        for (var slot = 0; slot < ids.Length; slot++)
        {
            Assert.Equal(slot, map.SlotOf(ids[slot]));
        }

        Assert.Equal(-1, map.SlotOf(1));
        Assert.Equal(-1, map.SlotOf(-2));
        Assert.Equal(-1, map.SlotOf(long.MaxValue - 1));
        Assert.Equal(-1, map.SlotOf(4_097));
    }

    [Fact]
    public void Ids_added_far_ahead_and_then_filled_in_below_are_all_found()
    {
        // Descending ids start in the dictionary (too far ahead of the count for the table) and end in the table.
        var map = new AccountSlotMap();
        for (var id = 30_000; id >= 1; id--)
        {
            map.Add(id, 30_000 - id);
        }

        for (var id = 1; id <= 30_000; id++)
        {
            Assert.Equal(30_000 - id, map.SlotOf(id));
        }

        Assert.Equal(-1, map.SlotOf(30_001));
    }

    [Fact]
    public void A_duplicate_id_is_refused_wherever_the_first_one_lives()
    {
        var map = new AccountSlotMap();
        map.Add(5, 0);
        map.Add(-5, 1);
        map.Add(long.MaxValue, 2);

        Assert.Throws<ArgumentException>(() => map.Add(5, 3));
        Assert.Throws<ArgumentException>(() => map.Add(-5, 3));
        Assert.Throws<ArgumentException>(() => map.Add(long.MaxValue, 3));
        Assert.Equal(3, map.Count);
        Assert.Equal(0, map.SlotOf(5));
    }

    [Fact]
    public void Random_ids_agree_with_a_dictionary()
    {
        var random = new Random(20240805);
        var map = new AccountSlotMap();
        var reference = new Dictionary<long, int>();
        for (var slot = 0; slot < 50_000; slot++)
        {
            // A mix of dense, near-dense, negative and 64-bit ids.
            long id = (slot % 4) switch
            {
                0 => slot,
                1 => random.NextInt64(0, 200_000),
                2 => -random.NextInt64(0, 1_000),
                _ => random.NextInt64(long.MinValue, long.MaxValue),
            };
            if (reference.TryAdd(id, slot))
            {
                map.Add(id, slot);
            }
            else
            {
                Assert.Throws<ArgumentException>(() => map.Add(id, slot));
            }
        }

        foreach (var (id, slot) in reference)
        {
            Assert.Equal(slot, map.SlotOf(id));
        }

        for (var i = 0; i < 10_000; i++)
        {
            var probe = random.NextInt64(-2_000, 400_000);
            Assert.Equal(reference.TryGetValue(probe, out var slot) ? slot : -1, map.SlotOf(probe));
        }
    }
}
