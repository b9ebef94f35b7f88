using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Markets;
using MarginCall.Engine.Risk;

namespace MarginCall.Engine.State;

/// <summary>
/// Everything the engine owns, touched by the sequencer thread only. Every balance outside the accounts is here
/// too, so value is conserved: Σ account balances + insurance funds + keeper rewards + funding pool changes only by
/// deposits and withdrawals (and by bad debt written off, which is recorded).
/// </summary>
internal sealed class EngineState
{
    internal EngineState(Venue venue, RiskThresholds thresholds, Liquidation.LiquidationParameters parameters)
    {
        Venue = venue;
        Thresholds = thresholds;
        DefaultParameters = parameters;
        Marks = new PriceSet(venue);
        Markets = new MarketState[venue.Markets.Count];
        for (var i = 0; i < Markets.Length; i++)
        {
            Markets[i] = new MarketState(venue.Markets[i], parameters);
        }
    }

    /// <summary>Assets and markets.</summary>
    public Venue Venue { get; }

    /// <summary>State thresholds.</summary>
    public RiskThresholds Thresholds { get; }

    /// <summary>The parameters every market started with (<see cref="EngineOptions.DefaultParameters"/>).</summary>
    public Liquidation.LiquidationParameters DefaultParameters { get; }

    /// <summary>Mark prices (markets) and asset prices: what every figure is computed at.</summary>
    public PriceSet Marks { get; }

    /// <summary>Per-market state, by market id.</summary>
    public MarketState[] Markets { get; }

    /// <summary>All accounts.</summary>
    public AccountStore Accounts { get; } = new();

    /// <summary>Insurance fund balances by fund id, quote quantums.</summary>
    public SortedDictionary<int, long> InsuranceFunds { get; } = [];

    /// <summary>Rewards earned by keepers, quote quantums.</summary>
    public SortedDictionary<string, long> KeeperRewards { get; } = new(StringComparer.Ordinal);

    /// <summary>Funding settled out of (+) or into (−) positions and not yet paid on: Σ payments − Σ receipts, quote quantums.</summary>
    public long FundingPool { get; internal set; }

    /// <summary>Loss not covered by any account or fund, outstanding, quote quantums (gates withdrawals while positive).</summary>
    public long BadDebt { get; internal set; }

    /// <summary>Liquidation bookkeeping beyond the per-account figures (per-position window usage), hashed with the state.</summary>
    public Liquidation.LiquidationLedger Liquidations { get; internal set; } = new();

    /// <summary>Slots of accounts in Liquidatable, InLiquidation or Bankrupt, in slot order.</summary>
    public SlotSet InLiquidation { get; } = new();

    /// <summary>Engine time, milliseconds (moved only by commands).</summary>
    public long Now { get; internal set; }

    /// <summary>Number of the command being (or last) processed.</summary>
    public long Sequence { get; internal set; }

    /// <summary>The execution-cost feed: cost of one liquidation transaction, quote quantums.</summary>
    public Quantums ExecutionCost { get; internal set; }

    /// <summary>The balance of an insurance fund (0 when it never received anything).</summary>
    public long InsuranceFund(int fund) => InsuranceFunds.TryGetValue(fund, out var balance) ? balance : 0;

    /// <summary>Adds a signed amount to an insurance fund (checked) and returns the new balance.</summary>
    internal long AddToInsuranceFund(int fund, long delta)
    {
        var balance = checked(InsuranceFund(fund) + delta);
        InsuranceFunds[fund] = balance;
        return balance;
    }

    /// <summary>Adds a reward to a keeper's balance (checked).</summary>
    internal void RewardKeeper(string keeper, long amount) =>
        KeeperRewards[keeper] = checked((KeeperRewards.TryGetValue(keeper, out var balance) ? balance : 0) + amount);
}
