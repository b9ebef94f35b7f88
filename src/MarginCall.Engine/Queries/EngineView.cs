using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Queries;

/// <summary>
/// The engine's read API: the only way code outside MarginCall.Engine reads its state (it changes state only by
/// submitting commands). Every answer is an immutable value, a copy, or a read-only view (<see cref="AccountView"/>,
/// <see cref="MarketView"/>, read-only spans) over the live state, never a mutable reference. Reads cost what the
/// underlying field read costs where that is cheap; the ones that allocate say so.
/// <para>
/// Like the engine it is single-threaded: read it from the sequencer's thread between commands (a host that serves
/// readers on other threads hands them what it read there).
/// </para>
/// </summary>
public sealed class EngineView
{
    private readonly EngineState state;

    internal EngineView(EngineState state) => this.state = state;

    /// <summary>Assets and markets (static definitions).</summary>
    public Venue Venue => state.Venue;

    /// <summary>Venue-wide state thresholds (an immutable record).</summary>
    public RiskThresholds Thresholds => state.Thresholds;

    /// <summary>Engine time, milliseconds.</summary>
    public long Now => state.Now;

    /// <summary>Number of the last command processed.</summary>
    public long Sequence => state.Sequence;

    /// <summary>The execution-cost feed: cost of one liquidation transaction, quote quantums.</summary>
    public Quantums ExecutionCost => state.ExecutionCost;

    /// <summary>Loss not covered by any account or fund, outstanding, quote quantums.</summary>
    public Quantums BadDebt => new(state.BadDebt);

    /// <summary>Funding settled out of (+) or into (−) positions and not yet paid on, quote quantums.</summary>
    public Quantums FundingPool => new(state.FundingPool);

    /// <summary>The mark price of a market.</summary>
    public Price Mark(MarketId market) => state.Marks.Market(market);

    /// <summary>The price of an asset (the quote asset's is one).</summary>
    public Price AssetPrice(AssetId asset) => state.Marks.Asset(asset);

    /// <summary>A market's cumulative funding index, price units.</summary>
    public long FundingIndex(MarketId market) => state.Marks.FundingIndex(market);

    /// <summary>A copy of the market inputs every figure is computed at (marks, funding indices, asset prices), free to change.</summary>
    public PriceSet CopyMarks() => state.Marks.Clone();

    /// <summary>One market.</summary>
    public MarketView Market(MarketId market)
    {
        if (market.Value < 0 || market.Value >= state.Markets.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(market), market.Value, "no such market");
        }

        return new MarketView(state, market);
    }

    /// <summary>Number of accounts.</summary>
    public int AccountCount => state.Accounts.Count;

    /// <summary>The account created <paramref name="ordinal"/>-th (0 ≤ ordinal &lt; <see cref="AccountCount"/>).</summary>
    public AccountView Account(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, state.Accounts.Count);
        return new AccountView(state, ordinal);
    }

    /// <summary>The creation ordinal of an account, or −1 when there is none with this id.</summary>
    public int OrdinalOf(AccountId id) => state.Accounts.SlotOf(id);

    /// <summary>The account with this id, if there is one.</summary>
    public bool TryGetAccount(AccountId id, out AccountView account)
    {
        var ordinal = state.Accounts.SlotOf(id);
        account = ordinal >= 0 ? new AccountView(state, ordinal) : default;
        return ordinal >= 0;
    }

    /// <summary>Accounts in Liquidatable, InLiquidation or Bankrupt.</summary>
    public int AccountsInLiquidationCount => state.InLiquidation.Count;

    /// <summary>Appends the ordinals of the accounts in Liquidatable, InLiquidation or Bankrupt, ascending; returns how many.</summary>
    public int CopyAccountsInLiquidation(List<int> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var count = 0;
        foreach (var slot in state.InLiquidation)
        {
            destination.Add(slot);
            count++;
        }

        return count;
    }

    /// <summary>
    /// A page of the accounts ordered by health at the engine's marks, least healthy first (health of the worst pool;
    /// an account with no requirement has no health and sorts last), ties by ordinal: <paramref name="skip"/> then at most
    /// <paramref name="take"/>. Evaluates every account (O(n log n), allocates): for dashboards and APIs, not the hot path.
    /// </summary>
    public IReadOnlyList<AccountHealth> AccountsByHealth(int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var all = new AccountHealth[state.Accounts.Count];
        for (var slot = 0; slot < all.Length; slot++)
        {
            var view = new AccountView(state, slot);
            all[slot] = new AccountHealth(slot, view.Id, view.Risk().Health, view.State);
        }

        Array.Sort(all, AccountHealth.LeastHealthyFirst);
        return all.AsSpan(Math.Min(skip, all.Length), Math.Min(take, Math.Max(0, all.Length - skip))).ToArray();
    }

    /// <summary>Open auction lots.</summary>
    public int AuctionLotCount => state.Liquidations.Lots.Count;

    /// <summary>Appends the open auction lots (immutable records) to <paramref name="destination"/> by id; returns how many.</summary>
    public int CopyAuctionLots(List<AuctionLot> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var start = destination.Count;
        destination.AddRange(state.Liquidations.Lots.Values);
        destination.Sort(start, destination.Count - start, AuctionLotById.Instance);
        return destination.Count - start;
    }

    /// <summary>An open auction lot, if it is still open.</summary>
    public bool TryGetAuctionLot(LotId id, out AuctionLot lot)
    {
        var found = state.Liquidations.Lots.TryGetValue(id.Value, out var value);
        lot = value!;
        return found;
    }

    /// <summary>The balance of an insurance fund, quote quantums (0 when it never received anything).</summary>
    public Quantums InsuranceFund(FundId fund) => new(state.InsuranceFund(fund.Value));

    /// <summary>Every insurance fund's balance, by fund id (a copy).</summary>
    public IReadOnlyList<FundBalance> InsuranceFunds()
    {
        var funds = new List<FundBalance>(state.InsuranceFunds.Count);
        foreach (var (fund, balance) in state.InsuranceFunds)
        {
            funds.Add(new FundBalance(new FundId(fund), new Quantums(balance)));
        }

        return funds;
    }

    /// <summary>Σ insurance fund balances, quote quantums (positions the funds hold excluded: see <see cref="FundHoldings"/>).</summary>
    public Quantums TotalInsuranceFunds()
    {
        var total = 0L;
        foreach (var balance in state.InsuranceFunds.Values)
        {
            total = checked(total + balance);
        }

        return new Quantums(total);
    }

    /// <summary>The positions insurance funds hold after backstop takeovers, by fund then market (a copy).</summary>
    public IReadOnlyList<FundPosition> FundHoldings()
    {
        var holdings = new List<FundPosition>(state.Liquidations.Holdings.Count);
        foreach (var ((fund, market), holding) in state.Liquidations.Holdings)
        {
            holdings.Add(new FundPosition(new FundId(fund), new MarketId(market), holding.Size, new Quantums(holding.Cost)));
        }

        holdings.Sort(static (a, b) => a.Fund != b.Fund ? a.Fund.Value.CompareTo(b.Fund.Value) : a.Market.Value.CompareTo(b.Market.Value));
        return holdings;
    }

    /// <summary>Rewards a keeper has earned, quote quantums (0 when none).</summary>
    public Quantums KeeperReward(string keeper) => new(state.KeeperRewards.GetValueOrDefault(keeper));

    /// <summary>Σ rewards earned by every keeper, quote quantums.</summary>
    public Quantums TotalKeeperRewards()
    {
        var total = 0L;
        foreach (var reward in state.KeeperRewards.Values)
        {
            total = checked(total + reward);
        }

        return new Quantums(total);
    }

    /// <summary>Open interest of a market: Σ size of the long positions of every account, base quantums (O(accounts)).</summary>
    public long OpenInterest(MarketId market)
    {
        var total = 0L;
        for (var slot = 0; slot < state.Accounts.Count; slot++)
        {
            if (state.Accounts[slot].TryGetPosition(market, out var position) && position.Size > 0)
            {
                total = checked(total + position.Size);
            }
        }

        return total;
    }
}
