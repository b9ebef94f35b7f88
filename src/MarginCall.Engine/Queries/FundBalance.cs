using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Queries;

/// <summary>An insurance fund's balance.</summary>
/// <param name="Fund">Fund id.</param>
/// <param name="Balance">Quote quantums.</param>
public readonly record struct FundBalance(FundId Fund, Quantums Balance);

/// <summary>A position an insurance fund holds after backstop takeovers (funding is not accrued on it).</summary>
/// <param name="Fund">Fund id.</param>
/// <param name="Market">The market.</param>
/// <param name="Size">Signed size, base quantums.</param>
/// <param name="Cost">Quote quantums paid for it in total.</param>
public readonly record struct FundPosition(FundId Fund, MarketId Market, long Size, Quantums Cost);
