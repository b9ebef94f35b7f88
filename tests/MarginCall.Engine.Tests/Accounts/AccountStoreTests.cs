using MarginCall.Core.Model;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Tests.Accounts;

/// <summary>The store keeps accounts in creation order across its chunks, with their risk bookkeeping beside them.</summary>
public sealed class AccountStoreTests
{
    [Fact]
    public void Slots_follow_creation_order_across_chunks_and_ids_find_them()
    {
        var store = new AccountStore();
        for (var i = 0; i < 5_000; i++)
        {
            var id = i % 2 == 0 ? i : -i * 1_000_003L; // dense and sparse ids interleaved
            Assert.Equal(i, store.Add(new Account(new AccountId(id), "u" + i)));
        }

        Assert.Equal(5_000, store.Count);
        for (var i = 0; i < 5_000; i++)
        {
            var id = i % 2 == 0 ? i : -i * 1_000_003L;
            Assert.Equal(new AccountId(id), store[i].Id);
            Assert.Equal(i, store.SlotOf(new AccountId(id)));
        }

        Assert.Equal(-1, store.SlotOf(new AccountId(1)));
    }

    [Fact]
    public void Risk_entries_are_per_slot_and_keep_what_is_written_through_the_reference()
    {
        var store = new AccountStore();
        for (var i = 0; i < 4_100; i++)
        {
            store.Add(new Account(new AccountId(i), "u"));
        }

        ref var risk = ref store.Risk(4_099);
        risk.State = LiquidationState.InLiquidation;
        risk.LiquidationStartMs = long.MaxValue;
        risk.WindowStartMs = -1;
        risk.WindowNotional = long.MinValue;

        Assert.Equal(LiquidationState.InLiquidation, store.Risk(4_099).State);
        Assert.Equal(long.MaxValue, store.Risk(4_099).LiquidationStartMs);
        Assert.Equal(-1, store.Risk(4_099).WindowStartMs);
        Assert.Equal(long.MinValue, store.Risk(4_099).WindowNotional);
        Assert.Equal(default, store.Risk(4_098));
        Assert.Equal(default, store.Risk(2_048));
    }

    [Fact]
    public void A_duplicate_id_is_refused_and_leaves_the_store_unchanged()
    {
        var store = new AccountStore();
        store.Add(new Account(new AccountId(1), "a"));

        Assert.Throws<ArgumentException>(() => store.Add(new Account(new AccountId(1), "b")));
        Assert.Equal(1, store.Count);
        Assert.Equal("a", store[0].Owner);
    }
}
