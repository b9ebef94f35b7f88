using CsCheck;
using MarginCall.Core.Model;

namespace MarginCall.Core.Tests.Model;

/// <summary>
/// An account keeps its first two positions and first spot balance inline and spills a list to a heap array when it
/// outgrows that room: the spans must read the same, sorted by id, on both sides of every transition.
/// </summary>
public sealed class AccountStorageTests
{
    private static PerpPosition Position(int market, long size) =>
        new(new MarketId(market), MarginMode.Cross, size, -10 * size, 0, market);

    private static int[] Markets(Account account)
    {
        var markets = new int[account.Positions.Length];
        for (var i = 0; i < markets.Length; i++)
        {
            markets[i] = account.Positions[i].Market.Value;
        }

        return markets;
    }

    private static (int Asset, long Balance)[] Spots(Account account)
    {
        var spots = new (int, long)[account.SpotBalances.Length];
        for (var i = 0; i < spots.Length; i++)
        {
            spots[i] = (account.SpotBalances[i].Asset.Value, account.SpotBalances[i].Balance);
        }

        return spots;
    }

    [Fact]
    public void Positions_stay_sorted_by_market_as_they_spill_past_two_and_keep_every_field()
    {
        var account = new Account(new AccountId(7), "u7");

        account.SetPosition(Position(5, 50));
        account.SetPosition(Position(1, 10));
        Assert.Equal([1, 5], Markets(account));
        account.SetPosition(Position(3, 30)); // third position: spills
        Assert.Equal([1, 3, 5], Markets(account));
        account.SetPosition(Position(0, 1));
        account.SetPosition(Position(9, 90));

        Assert.Equal([0, 1, 3, 5, 9], Markets(account));
        foreach (var market in new[] { 0, 1, 3, 5, 9 })
        {
            Assert.True(account.TryGetPosition(new MarketId(market), out var p));
            Assert.Equal(Position(market, market == 0 ? 1 : market * 10), p);
        }

        Assert.False(account.TryGetPosition(new MarketId(4), out _));
        Assert.Equal(~3, account.IndexOfPosition(new MarketId(4)));
    }

    [Fact]
    public void Removing_positions_down_to_two_moves_them_back_inline_with_their_values()
    {
        var account = new Account(new AccountId(7), "u7");
        foreach (var market in new[] { 4, 2, 8, 6 })
        {
            account.SetPosition(Position(market, market));
        }

        account.RemovePosition(new MarketId(4));
        account.RemovePosition(new MarketId(2)); // four → three → two: back inline
        Assert.Equal([6, 8], Markets(account));
        Assert.Equal(Position(6, 6), account.Positions[0]);
        Assert.Equal(Position(8, 8), account.Positions[1]);

        account.SetPosition(Position(7, 77)); // and out again
        Assert.Equal([6, 7, 8], Markets(account));
        Assert.Equal(Position(7, 77), account.Positions[1]);

        account.RemovePosition(new MarketId(8));
        account.RemovePosition(new MarketId(6));
        account.RemovePosition(new MarketId(3)); // absent: no-op
        Assert.Equal([7], Markets(account));
        account.RemovePosition(new MarketId(7));
        Assert.Empty(Markets(account));
    }

    [Fact]
    public void Replacing_a_spilled_position_changes_only_that_entry()
    {
        var account = new Account(new AccountId(7), "u7");
        foreach (var market in new[] { 1, 2, 3 })
        {
            account.SetPosition(Position(market, market));
        }

        account.SetPosition(Position(2, -200));

        Assert.Equal([Position(1, 1), Position(2, -200), Position(3, 3)], account.Positions.ToArray());
    }

    [Fact]
    public void Spot_balances_spill_past_one_asset_and_come_back_inline_when_a_balance_goes_to_zero()
    {
        var account = new Account(new AccountId(7), "u7");
        account.SetSpotBalance(new AssetId(2), 200);
        account.SetSpotBalance(new AssetId(0), -5); // second asset: spills
        account.SetSpotBalance(new AssetId(1), 100);
        Assert.Equal([(0, -5L), (1, 100L), (2, 200L)], Spots(account));
        Assert.Equal(100, account.SpotBalance(new AssetId(1)));

        account.SetSpotBalance(new AssetId(0), 0);
        account.SetSpotBalance(new AssetId(2), 0); // back to one: inline
        Assert.Equal([(1, 100L)], Spots(account));
        Assert.Equal(0, account.SpotBalance(new AssetId(2)));

        account.SetSpotBalance(new AssetId(1), 0);
        Assert.Empty(Spots(account));
        account.SetSpotBalance(new AssetId(3), 0); // zero for an absent asset adds nothing
        Assert.Empty(Spots(account));
    }

    [Fact]
    public void The_owner_survives_both_lists_spilling_and_coming_back()
    {
        var account = new Account(new AccountId(7), "owner-7");
        foreach (var market in new[] { 1, 2, 3 })
        {
            account.SetPosition(Position(market, market));
        }

        account.SetSpotBalance(new AssetId(0), 1);
        account.SetSpotBalance(new AssetId(1), 1);
        Assert.Equal("owner-7", account.Owner);

        account.RemovePosition(new MarketId(1));
        Assert.Equal("owner-7", account.Owner); // spots still spilled
        account.SetSpotBalance(new AssetId(0), 0);
        Assert.Equal("owner-7", account.Owner);
        Assert.Equal(new AccountId(7), account.Id);
        Assert.Equal([2, 3], Markets(account));
        Assert.Equal([(1, 1L)], Spots(account));
    }

    // Random sequences of sets and removes against a sorted dictionary: crosses the inline/spill boundary of both
    // lists in every direction.
    [Fact]
    public void Random_edits_read_back_like_a_sorted_map() =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 5], Gen.Long[-2, 2]).Array[0, 60].Sample(edits =>
        {
            var account = new Account(new AccountId(1), "u1");
            var positions = new SortedDictionary<int, PerpPosition>();
            var spots = new SortedDictionary<int, long>();
            foreach (var (kind, id, value) in edits)
            {
                switch (kind)
                {
                    case 0:
                        account.SetPosition(Position(id, value));
                        positions[id] = Position(id, value);
                        break;
                    case 1:
                        account.RemovePosition(new MarketId(id));
                        positions.Remove(id);
                        break;
                    default:
                        account.SetSpotBalance(new AssetId(id), value);
                        if (value == 0)
                        {
                            spots.Remove(id);
                        }
                        else
                        {
                            spots[id] = value;
                        }

                        break;
                }

                Assert.Equal(positions.Values.ToArray(), account.Positions.ToArray());
                Assert.Equal(spots.Select(s => (s.Key, s.Value)).ToArray(), Spots(account));
                Assert.Equal("u1", account.Owner);
            }
        });
}
