using CsCheck;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Tests.State;

/// <summary><see cref="SlotSet"/> behaves as a sorted set under any mix of adds, removals and enumerations.</summary>
public class SlotSetProperties
{
    [Fact]
    public void Matches_a_sorted_set_under_random_operations()
    {
        // (operation, slot): 0–4 add, 5–8 remove, 9 enumerate; slots from a small range so adds and removals collide.
        var operations = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 300]).Array[0, 400];
        operations.Sample(
            ops =>
            {
                var set = new SlotSet();
                var model = new SortedSet<int>();
                foreach (var (op, slot) in ops)
                {
                    if (op <= 4)
                    {
                        Assert.Equal(model.Add(slot), set.Add(slot));
                    }
                    else if (op <= 8)
                    {
                        Assert.Equal(model.Remove(slot), set.Remove(slot));
                    }
                    else
                    {
                        Assert.Equal(model, set.ToList());
                    }

                    Assert.Equal(model.Count, set.Count);
                    Assert.Equal(model.Contains(slot), set.Contains(slot));
                }

                Assert.Equal(model, set.ToList());
            },
            iter: 2_000);
    }

    [Fact]
    public void A_slot_removed_and_added_back_is_listed_once()
    {
        var set = new SlotSet();
        set.Add(7);
        set.Add(3);
        Assert.Equal([3, 7], set.ToList());

        set.Remove(7);
        set.Add(7);
        set.Remove(3);
        set.Add(3);
        set.Add(5);
        Assert.Equal([3, 5, 7], set.ToList());
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void A_negative_slot_is_refused_and_changes_nothing()
    {
        var set = new SlotSet();
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Add(-1));
        Assert.Empty(set);
        Assert.False(set.Remove(-1));
        Assert.False(set.Contains(-1));
    }
}
